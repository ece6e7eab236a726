//! The shipped standards keep the rules the article supports (issue 10, items 2 and 5): C1.3
//! without a ceiling, 呼叫报到 as the article describes it (escalated problems name who responded
//! and when), problems classified by how they were handled, D3.1's contest ledger mandatory,
//! E2.3 with its own evidence instead of C2.2's rows, and sanding's coverage indicator.

use std::path::Path;

use changai::check::Evaluation;
use changai::outcome::{ItemOutcome, Status};
use changai::standard::Standard;

use crate::check_kinds::support::{evaluate, TestPack};

fn shipped(dir: &str) -> Standard {
    let loaded = changai::standard::load(Path::new(dir)).unwrap();
    match loaded.standard {
        Some(s) => s,
        None => panic!("{:?}", loaded.diagnostics),
    }
}

fn lingfeng(pack: &TestPack) -> Evaluation {
    evaluate(&shipped("standards/lingfeng-2021"), &pack.open())
}

fn item<'e>(ev: &'e Evaluation, id: &str) -> &'e ItemOutcome {
    match ev.items.iter().find(|i| i.id == id) {
        Some(i) => i,
        None => panic!("no item {id}"),
    }
}

fn decided(ev: &Evaluation, id: &str) -> (Status, f64) {
    let i = item(ev, id);
    (i.status, i.score)
}

fn shortfall_zh(ev: &Evaluation, id: &str) -> Vec<String> {
    item(ev, id)
        .shortfall
        .iter()
        .map(|t| t.zh.clone())
        .collect()
}

fn roster(n: usize) -> String {
    let mut s = "姓名,岗位,入职日期,联系电话\n".to_owned();
    for k in 1..=n {
        s.push_str(&format!(
            "工作者{k},社工,2020-03-0{},1380000000{}\n",
            k % 9 + 1,
            k % 10
        ));
    }
    s
}

#[test]
fn a_community_with_eleven_staff_meets_c1_3() {
    let p = TestPack::new()
        .file("data/indicators.yaml", "full_time_staff: 11\n")
        .file("data/专职工作者名册.csv", roster(11));
    let ev = lingfeng(&p);
    assert_eq!(decided(&ev, "C1.3"), (Status::Met, 2.0));
    assert_eq!(shortfall_zh(&ev, "C1.3"), Vec::<String>::new());
}

#[test]
fn five_staff_fall_short_of_c1_3_with_the_reason() {
    let p = TestPack::new()
        .file("data/indicators.yaml", "full_time_staff: 5\n")
        .file("data/专职工作者名册.csv", roster(5));
    let ev = lingfeng(&p);
    // the head count fails (0), the roster has 5 of 6 rows (5/6): (0 + 5/6) / 2 × 2 points
    assert_eq!(decided(&ev, "C1.3"), (Status::Partial, 0.83));
}

/// The three groups, every firm in the groups, three screenshots: C3.2's first three checks met.
fn linkage() -> TestPack {
    TestPack::new()
        .file(
            "data/工作群.csv",
            "群名称,群类型,成员数\n灵峰企业家群,企业家群,40\n灵峰党员群,党员群,66\n灵峰HR群,HR群,38\n",
        )
        .file("data/企业名册.csv", "企业,网格,已入群\n甲公司,一网格,是\n乙公司,二网格,是\n")
        .evidence("C/C3.2/2025-02-14 截图1.png")
        .evidence("C/C3.2/2025-05-06 截图2.png")
        .evidence("C/C3.2/2025-08-19 截图3.png")
}

const ISSUES_HEAD: &str = "受理日期,企业,问题,处置方式,状态,反馈情况,响应单位,响应日期\n";

#[test]
fn escalated_problems_without_a_responder_fall_short_with_the_reason() {
    let issues = format!(
        "{ISSUES_HEAD}2025-03-02,甲公司,停车难,社区自行解决,已办结,已回访,,\n\
         2025-04-10,乙公司,子女入学,提请联盟,已办结,已回访,区教育局,2025-04-14\n\
         2025-06-18,甲公司,用电增容,提请联盟,办理中,已告知进展,,\n"
    );
    let ev = lingfeng(&linkage().file("data/问题台账.csv", issues));
    // the call-and-report check: 1 of 2 escalated problems answered → 0.5; the other three met
    assert_eq!(decided(&ev, "C3.2"), (Status::Partial, 1.75));
    assert_eq!(
        shortfall_zh(&ev, "C3.2"),
        vec!["1 行缺“响应单位”：第 4 行", "1 行缺“响应日期”：第 4 行"]
    );
}

#[test]
fn every_escalated_problem_answered_meets_c3_2_and_none_escalated_loses_nothing() {
    let answered = format!(
        "{ISSUES_HEAD}2025-04-10,乙公司,子女入学,提请联盟,已办结,已回访,区教育局,2025-04-14\n"
    );
    let ev = lingfeng(&linkage().file("data/问题台账.csv", answered));
    assert_eq!(decided(&ev, "C3.2"), (Status::Met, 2.0));
    let none = format!("{ISSUES_HEAD}2025-03-02,甲公司,停车难,社区自行解决,已办结,已回访,,\n");
    let ev = lingfeng(&linkage().file("data/问题台账.csv", none));
    assert_eq!(decided(&ev, "C3.2"), (Status::Met, 2.0));
}

#[test]
fn problems_are_classified_by_how_they_were_handled() {
    let issues = format!(
        "{ISSUES_HEAD}2025-03-02,甲公司,停车难,社区自行解决,已办结,已回访,,\n\
         2025-04-10,乙公司,子女入学,提请联盟,已办结,已回访,区教育局,2025-04-14\n\
         2025-05-11,乙公司,技能评价,联动企业解决,已办结,已回访,,\n\
         2025-06-18,甲公司,用电增容,转办,已办结,已回访,,\n"
    );
    let ev = lingfeng(&TestPack::new().file("data/问题台账.csv", issues));
    // classification 3/4 (target 100 %, no floor) → 0; all closed → 1; (0 + 1) / 2 × 1 point
    assert_eq!(decided(&ev, "C3.4"), (Status::Partial, 0.5));
    let fixed = format!(
        "{ISSUES_HEAD}2025-03-02,甲公司,停车难,社区自行解决,已办结,已回访,,\n\
         2025-05-11,乙公司,技能评价,联动企业解决,已办结,已回访,,\n"
    );
    let ev = lingfeng(&TestPack::new().file("data/问题台账.csv", fixed));
    assert_eq!(decided(&ev, "C3.4"), (Status::Met, 1.0));
}

fn contests(n: usize) -> String {
    let mut s = "日期,竞赛名称,工种,参赛人数\n".to_owned();
    for k in 0..n {
        s.push_str(&format!(
            "2025-{:02}-1{},技能比武{k},钳工,20\n",
            k % 12 + 1,
            k % 9
        ));
    }
    s
}

fn contest_files() -> TestPack {
    TestPack::new()
        .evidence("D/D3.1/2025-05-08 技能竞赛方案.docx")
        .evidence("D/D3.1/2025-06-20 技能竞赛获奖名单.pdf")
}

#[test]
fn d3_1_without_the_contest_ledger_scores_0_with_the_reason() {
    let ev = lingfeng(&contest_files());
    // the ledger is a gate: plan and results are there, but without the ledger nothing counts
    assert_eq!(decided(&ev, "D3.1"), (Status::Unmet, 0.0));
    let d = item(&ev, "D3.1");
    assert_eq!(d.credit, 0.0);
    assert_eq!(
        d.reasons.iter().map(|t| t.zh.as_str()).collect::<Vec<_>>(),
        [
            "竞赛台账: 未找到台账文件",
            "2 项中已满足 2 项",
            "竞赛方案: 1 个文件符合要求",
            "获奖名单: 1 个文件符合要求",
            "竞赛台账是此项的必备条件，未满足，此项记 0 分",
        ]
    );
    assert_eq!(
        shortfall_zh(&ev, "D3.1"),
        vec![
            "缺少竞赛台账：请补上 data 文件夹中名为“竞赛台账”的表格（Excel、WPS 表格或 csv）",
            "竞赛台账必须有：缺了它，此项其他材料再齐全也不得分",
        ]
    );
    assert_eq!(
        d.shortfall.last().map(|t| t.en.as_str()),
        Some("the 竞赛台账 is required: without it the item scores 0, whatever else is in place")
    );
    // a ledger with a single contest opens the gate: (1/13 + 1) / 2 × 2 points
    let ev = lingfeng(&contest_files().file("data/竞赛台账.csv", contests(1)));
    assert_eq!(decided(&ev, "D3.1"), (Status::Partial, 1.08));
}

#[test]
fn d3_1_counts_thirteen_contests_and_needs_both_files() {
    let ev = lingfeng(&contest_files().file("data/竞赛台账.csv", contests(13)));
    assert_eq!(decided(&ev, "D3.1"), (Status::Met, 2.0));
    // 4 contests (the old rule's full credit) and no results: (4/13 + 1/2) / 2 × 2 points
    let ev = lingfeng(
        &TestPack::new()
            .evidence("D/D3.1/2025-05-08 技能竞赛方案.docx")
            .file("data/竞赛台账.csv", contests(4)),
    );
    assert_eq!(decided(&ev, "D3.1"), (Status::Partial, 0.81));
}

fn nine_services() -> String {
    let mut s = "日期,服务类别,服务对象,服务内容\n".to_owned();
    for (k, kind) in [
        "就业",
        "创业",
        "劳动保障",
        "提升发展",
        "安家",
        "住房",
        "教育",
        "就医",
        "文体",
    ]
    .iter()
    .enumerate()
    {
        s.push_str(&format!("2025-0{}-10,{kind},职工,服务\n", k + 1));
    }
    s
}

#[test]
fn e2_3_no_longer_reads_c2_2s_rows() {
    let ev = lingfeng(&TestPack::new().file("data/公共服务台账.csv", nine_services()));
    assert_eq!(decided(&ev, "C2.2"), (Status::Met, 2.0));
    assert_eq!(decided(&ev, "E2.3"), (Status::Unmet, 0.0));
    let own = TestPack::new()
        .evidence("E/E2.3/2025-03-18 人才公寓租赁协议.pdf")
        .evidence("E/E2.3/2025-04-02 就医绿色通道合作协议.pdf")
        .file(
            "data/文体活动台账.csv",
            "日期,活动名称,参加人数\n2025-02-12,灯谜,120\n2025-05-01,运动会,260\n2025-07-19,篮球赛,96\n2025-09-27,晚会,310\n",
        );
    assert_eq!(decided(&lingfeng(&own), "E2.3"), (Status::Met, 2.0));
    fn shares(items: &[changai::standard::model::Item], out: &mut Vec<String>) {
        for i in items {
            if !i.shares_evidence_with.is_empty() {
                out.push(i.id.clone());
            }
            shares(&i.items, out);
        }
    }
    let mut sharing = Vec::new();
    shares(&shipped("standards/lingfeng-2021").items, &mut sharing);
    assert_eq!(sharing, Vec::<String>::new());
}

#[test]
fn both_shipped_standards_validate_clean_with_deny_warnings() {
    for dir in ["standards/lingfeng-2021", "standards/sanding-2022"] {
        let out = changai::cli::run(
            ["changai", "validate", dir, "--deny-warnings"],
            &crate::evaluate::env_at(&crate::evaluate::repo()),
        );
        assert_eq!(
            out.code,
            changai::cli::Exit::Ok,
            "{dir}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn sanding_has_the_coverage_indicator_the_article_names() {
    let s = shipped("standards/sanding-2022");
    assert_eq!(s.scoring.total, 60.0);
    let kh = s.items.iter().find(|i| i.id == "KH").unwrap();
    let kh4 = kh.items.iter().find(|i| i.id == "KH4").unwrap();
    assert_eq!(kh4.title.zh, "产改基层化和覆盖率");
    assert_eq!(kh4.points, Some(10.0));
    let register = "企业,规上,产改覆盖\n甲,是,是\n乙,是,是\n丙,是,是\n丁,是,是\n戊,是,是\n\
                    己,是,是\n庚,是,是\n辛,是,是\n壬,是,是\n癸,是,是\n子,否,否\n";
    let covered = TestPack::new()
        .file("data/indicators.yaml", "above_scale_coverage: 0.95\n")
        .file("data/企业名册.csv", register);
    let ev = evaluate(&s, &covered.open());
    assert_eq!(decided(&ev, "KH4"), (Status::Met, 10.0));
    // 75 % covered: (0.75 − 0.6) / 0.3 = 0.5 on the figure; the register (all covered) is met
    let short = TestPack::new()
        .file("data/indicators.yaml", "above_scale_coverage: 0.75\n")
        .file("data/企业名册.csv", register);
    let ev = evaluate(&s, &short.open());
    assert_eq!(decided(&ev, "KH4"), (Status::Partial, 7.5));
}

const UNION_HEAD: &str = "岗位,姓名,岗位职责,考核目标,责任书已签\n";

#[test]
fn a3_counts_the_union_posts_not_all_centre_staff() {
    // eight centre staff, three union posts: A3.1 reads the union-post register only
    let posts = format!(
        "{UNION_HEAD}工会联合会主席,毛海华,负责工会日常工作,组织两次述职,是\n\
         产改专员,闫明,负责产改指导,工匠学堂全年开课,是\n\
         职工服务专员,潘华,,困难职工帮扶建档,否\n"
    );
    let p = TestPack::new()
        .file("data/专职工作者名册.csv", roster(8))
        .file("data/工会岗位台账.csv", posts)
        .evidence("A/A3.2/2025-02-25 目标责任书-毛海华.jpg")
        .evidence("A/A3.2/2025-02-25 目标责任书-闫明.jpg")
        .evidence("A/A3.2/2025-02-25 目标责任书-潘华.jpg");
    let ev = lingfeng(&p);
    // 2 of 3 posts with their duties written
    assert_eq!(decided(&ev, "A3.1"), (Status::Partial, 0.67));
    assert_eq!(shortfall_zh(&ev, "A3.1"), vec!["1 行缺“岗位职责”：第 4 行"]);
    // 2 of 3 union posts signed → 0.67; three letters dated in the year → 1
    assert_eq!(decided(&ev, "A3.2"), (Status::Partial, 0.83));
    assert_eq!(
        shortfall_zh(&ev, "A3.2"),
        vec!["每个工会岗位都写明考核目标，并已签订本年度目标责任书（按已签的岗位比例得分）：符合条件的行占 66.7%，还差 33.3 个百分点才到 100%"]
    );
    // the old per-person duty table no longer counts
    let old = TestPack::new().file("data/岗位职责.csv", "姓名,岗位,职责\n甲,社工,走访\n");
    let ev = lingfeng(&old);
    assert_eq!(decided(&ev, "A3.1"), (Status::Unmet, 0.0));
    assert_eq!(
        shortfall_zh(&ev, "A3.1"),
        vec!["缺少工会岗位台账：请补上 data 文件夹中名为“工会岗位台账”的表格（Excel、WPS 表格或 csv）"]
    );
}

#[test]
fn an_older_problem_register_is_told_which_columns_to_add() {
    let old =
        "受理日期,企业,问题,类别,状态,反馈情况\n2025-03-02,甲公司,停车难,用工,已办结,已回访\n";
    let ev = lingfeng(&linkage().file("data/问题台账.csv", old));
    // the three group checks hold; the call-and-report check lacks its columns → 0
    assert_eq!(decided(&ev, "C3.2"), (Status::Partial, 1.5));
    assert_eq!(
        shortfall_zh(&ev, "C3.2"),
        vec!["呼叫报到响应：“问题台账.csv”缺少“处置方式”“响应单位”“响应日期”列，请在表头补上这 3 列，并逐行填写"]
    );
    assert_eq!(
        item(&ev, "C3.2").shortfall[0].en,
        "call-and-report responses: “问题台账.csv” lacks the columns “处置方式”, “响应单位”, “响应日期”: add them to the header and fill them in on every row"
    );
    let ev = lingfeng(&TestPack::new().file("data/问题台账.csv", old));
    assert_eq!(decided(&ev, "C3.4"), (Status::Partial, 0.5));
    assert_eq!(
        shortfall_zh(&ev, "C3.4")[0],
        "问题分类处置：“问题台账.csv”缺少“处置方式”列，请在表头补上这一列，并逐行填写"
    );
    assert!(ev.problems.is_empty(), "{:?}", ev.problems);
}
