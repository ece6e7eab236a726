//! `changai serve PACK`: starts the workbench ([`crate::serve`]), says where it is, opens the
//! browser (unless `--no-open`) and runs until the process is stopped (Ctrl+C).
//!
//! The link, with its one-time token, is the one thing this command prints while it runs: to
//! stderr, as soon as the server listens, so it is not held back until the command ends.

use std::io::Write;
use std::path::PathBuf;

use super::{Env, Exit, Output};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包目录 / The evidence pack folder
    pub pack: PathBuf,
    /// 标准（文件或文件夹）；缺省为内置标准 / The standard; default: the embedded one
    #[arg(long, value_name = "PATH")]
    pub standard: Option<PathBuf>,
    /// 端口（只在 127.0.0.1 上监听）；0 为任选一个空闲端口 / Port on 127.0.0.1; 0 picks a free one
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub port: u16,
    /// 不自动打开浏览器 / Do not open the browser
    #[arg(long)]
    pub no_open: bool,
    /// 轮询文件夹，代替系统的变动通知（网络盘等）/ Poll the folder instead of the system's change notifications (network drives)
    #[arg(long)]
    pub poll: bool,
}

pub fn run(args: Args, lang: Lang, env: &Env, live: &mut dyn Write) -> Output {
    let mut config = crate::serve::Config::new(env.cwd.join(&args.pack));
    config.standard = args.standard.as_ref().map(|s| env.cwd.join(s));
    config.port = args.port;
    config.poll = args.poll;
    config.stop_on_interrupt = true;
    config.source_date_epoch = env.source_date_epoch.clone();
    let handle = match crate::serve::start(config) {
        Ok(h) => h,
        Err(failure) => {
            let failure = [Some(&args.pack), args.standard.as_ref()]
                .into_iter()
                .flatten()
                .fold(failure, |f, p| f.shown_as(&env.cwd.join(p), p));
            return Output::cannot_run(&failure, lang);
        }
    };
    let url = handle.url();
    let said = match lang {
        Lang::Zh => format!(
            "工作台已启动：{url}\n只在本机可用；链接中的令牌只给你自己用。按 Ctrl+C 停止。\n"
        ),
        Lang::En => format!(
            "the workbench is running: {url}\nreachable from this machine only; the token in the link is yours alone. Press Ctrl+C to stop.\n"
        ),
    };
    let _ = live.write_all(said.as_bytes());
    let _ = live.flush();
    if !args.no_open && !open_browser(&url) {
        let _ = live.write_all(match lang {
            Lang::Zh => "未能自动打开浏览器，请手动打开上面的链接。\n".as_bytes(),
            Lang::En => "could not open a browser; open the link above yourself\n".as_bytes(),
        });
    }
    handle.wait();
    Output {
        code: Exit::Ok,
        stdout: Vec::new(),
        stderr: String::new(),
    }
}

/// Hands the link to the system's opener; whether one could be started.
fn open_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
