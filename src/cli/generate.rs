//! `platformctl completions` and `platformctl man`: generated from the clap
//! definitions, so they never drift from `--help`. The copies committed in
//! completions/ and man/ are checked by a test.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::exit::ExitStatus;
use super::{Cli, Context};

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

#[derive(Debug, Args)]
#[command(after_help = "Example: platformctl completions bash > /etc/bash_completion.d/platformctl")]
pub struct CompletionsArgs {
    /// The shell to print completions for
    #[arg(value_enum, required_unless_present = "out")]
    shell: Option<Shell>,

    /// Write completions for every shell into this directory instead
    #[arg(long, value_name = "DIR", conflicts_with = "shell")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command into this directory instead of printing the main page
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn cannot_write(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> platformctl::Error + '_ {
    move |e| platformctl::Error::Io {
        message: "cannot write",
        path: path.to_owned(),
        source: e,
        kind: platformctl::ErrorKind::CannotCreate,
    }
}

pub fn completions(args: CompletionsArgs, ctx: &Context) -> Result<ExitStatus> {
    let mut cmd = Cli::command();
    match (args.shell, args.out) {
        (Some(shell), _) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "platformctl", &mut buf);
            ctx.printer
                .data(&String::from_utf8(buf).context("completions are UTF-8")?)?;
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(&dir).map_err(cannot_write(&dir))?;
            for shell in SHELLS {
                let path = clap_complete::generate_to(shell, &mut cmd, "platformctl", &dir)
                    .map_err(cannot_write(&dir))?;
                ctx.printer.status("Wrote", path.display());
            }
        }
        (None, None) => unreachable!("clap requires one of them"),
    }
    Ok(ExitStatus::Success)
}

pub fn man(args: ManArgs, ctx: &Context) -> Result<ExitStatus> {
    let cmd = Cli::command();
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(cannot_write(&dir))?;
            clap_mangen::generate_to(cmd, &dir).map_err(cannot_write(&dir))?;
            ctx.printer
                .status("Wrote", format!("manual pages to {}", dir.display()));
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf)?;
            ctx.printer
                .data(&String::from_utf8(buf).context("man page is UTF-8")?)?;
        }
    }
    Ok(ExitStatus::Success)
}
