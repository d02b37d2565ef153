//! `platformctl doctor`: every health check, one line each; exit 1 when one fails.

use anyhow::Result;
use platformctl::doctor::{self, CheckStatus};

use super::Context;
use super::args::SourceArgs;
use super::exit::ExitStatus;

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    source: SourceArgs,
}

pub async fn run(args: DoctorArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let report = doctor::run(&settings, &args.source.load()?).await;
    if printer.is_json() {
        printer.json(&Checked {
            passed: report.passed(),
            checks: &report.checks,
        })?;
    } else {
        let mut table = printer.table(&["Check", "Status", "Detail"]);
        for check in &report.checks {
            let status = match check.status {
                CheckStatus::Ok => "ok",
                CheckStatus::Warn => "warn",
                CheckStatus::Fail => "FAIL",
            };
            table.add_row(vec![check.name.as_str(), status, check.detail.as_str()]);
        }
        printer.print_table(&table)?;
    }
    Ok(if report.passed() {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}

#[derive(serde::Serialize)]
struct Checked<'a> {
    passed: bool,
    checks: &'a [platformctl::doctor::Check],
}
