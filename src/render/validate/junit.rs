//! `--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).
//!
//! One `<testsuite>` per standard. A standard without findings is one passing test case; otherwise
//! every diagnostic is a test case named by its code and place: an error (or, with
//! `--deny-warnings`, a warning) is a `<failure>`, a warning otherwise passes with its text in
//! `system-out`. No timestamps or durations, so the output is the same on every run.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::diagnostic::{Diagnostic, Severity};
use crate::standard::validation::Validation;
use crate::Lang;

pub fn render(v: &Validation, lang: Lang) -> String {
    let mut report = Report::new("changai validate");
    for standard in &v.standards {
        let mut suite = TestSuite::new(standard.path.as_str());
        let diagnostics = v.of(standard);
        if diagnostics.is_empty() {
            let mut case = TestCase::new("valid", TestCaseStatus::success());
            case.set_classname(standard.path.as_str());
            suite.add_test_case(case);
        }
        for d in diagnostics {
            suite.add_test_case(case(d, v.deny_warnings, lang));
        }
        report.add_test_suite(suite);
    }
    match report.to_string() {
        Ok(mut text) => {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
        Err(e) => format!("<!-- cannot write JUnit XML: {e} -->\n"),
    }
}

fn case(d: &Diagnostic, deny_warnings: bool, lang: Lang) -> TestCase {
    let name = format!("{} {}", d.code, d.location());
    let (item_label, help_label, warning_label) = match lang {
        Lang::Zh => ("条目：", "提示：", "警告："),
        Lang::En => ("item: ", "help: ", "warning: "),
    };
    let mut text = d.message(lang).to_owned();
    if let Some(item) = &d.item {
        text.push_str(&format!("\n{item_label}{item}"));
    }
    if let Some(help) = d.help(lang) {
        text.push_str(&format!("\n{help_label}{help}"));
    }
    let fails = d.severity == Severity::Error || deny_warnings;
    let mut case = if fails {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(d.message(lang))
            .set_type(d.code.as_str())
            .set_description(format!("{}: {text}", d.location()));
        TestCase::new(name, status)
    } else {
        let mut case = TestCase::new(name, TestCaseStatus::success());
        case.set_system_out(format!("{warning_label}{text}"));
        case
    };
    case.set_classname(d.file.as_str());
    case
}
