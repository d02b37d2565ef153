//! The one place that writes to the terminal. stdout carries data (a table,
//! lines, or one JSON document); stderr carries progress, prompts, logs and
//! errors. Progress bars appear only on a terminal, never with `--quiet`,
//! `--no-progress` or `--format json`.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Printer {
    format: Format,
    quiet: bool,
    color: bool,
    progress: bool,
}

impl Printer {
    pub fn new(format: Format, quiet: bool, no_color: bool, no_progress: bool) -> Printer {
        let stderr_tty = std::io::stderr().is_terminal();
        let color = !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stderr_tty;
        Printer {
            format,
            quiet,
            color,
            progress: stderr_tty && !quiet && !no_progress && format == Format::Text,
        }
    }

    /// Whether progress bars are drawn (a terminal, text output, not quiet).
    pub fn shows_progress(&self) -> bool {
        self.progress
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Writes the command's JSON document to stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        write_stdout(&format!("{text}\n"))
    }

    /// Writes data lines to stdout (text mode).
    pub fn data(&self, text: &str) -> Result<()> {
        if text.ends_with('\n') {
            write_stdout(text)
        } else {
            write_stdout(&format!("{text}\n"))
        }
    }

    /// A table with a header row, for stdout.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.to_vec());
        if !self.color {
            table.force_no_tty();
        }
        table
    }

    pub fn print_table(&self, table: &Table) -> Result<()> {
        self.data(&table.to_string())
    }

    /// A cargo-style status line on stderr: a right-aligned verb and a message.
    pub fn status(&self, verb: &str, message: impl std::fmt::Display) {
        if self.quiet {
            return;
        }
        if self.color {
            eprintln!("\x1b[1;32m{verb:>12}\x1b[0m {message}");
        } else {
            eprintln!("{verb:>12} {message}");
        }
    }

    pub fn warn(&self, message: impl std::fmt::Display) {
        if self.quiet {
            return;
        }
        if self.color {
            eprintln!("\x1b[1;33mwarning\x1b[0m: {message}");
        } else {
            eprintln!("warning: {message}");
        }
    }

    /// Prints an error and its causes, once, on stderr: as text, or as a JSON
    /// object when `--format json` was asked for.
    pub fn error(&self, error: &anyhow::Error, exit_code: u8) {
        // Drivers often repeat their source's message in their own: show each text once.
        let mut causes: Vec<String> = Vec::new();
        let mut previous = error.to_string();
        for cause in error.chain().skip(1) {
            let text = cause.to_string();
            if !previous.contains(&text) {
                causes.push(text.clone());
            }
            previous = text;
        }
        if self.is_json() {
            #[derive(serde::Serialize)]
            struct Failed<'a> {
                message: String,
                causes: &'a [String],
                exit_code: u8,
            }
            #[derive(serde::Serialize)]
            struct Document<'a> {
                error: Failed<'a>,
            }
            let doc = Document {
                error: Failed {
                    message: error.to_string(),
                    causes: &causes,
                    exit_code,
                },
            };
            eprintln!("{}", serde_json::to_string(&doc).unwrap_or_default());
            return;
        }
        if self.color {
            eprintln!("\x1b[1;31merror\x1b[0m: {error}");
        } else {
            eprintln!("error: {error}");
        }
        for cause in causes {
            eprintln!("  caused by: {cause}");
        }
    }

    /// A progress bar on stderr, or a hidden one when bars are off.
    pub fn progress(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        if !self.progress {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// Asks a yes/no question on the terminal; None when there is no terminal.
    pub fn confirm(&self, question: &str) -> Result<Option<bool>> {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Ok(None);
        }
        let answer = dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| match e {
                dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => {
                    anyhow::Error::new(platformctl::Error::Interrupted)
                }
                other => anyhow::Error::new(other),
            })?;
        Ok(Some(answer))
    }
}

/// Writes to stdout; a closed pipe (`platformctl ... | head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Milliseconds for humans: `12 ms`, `1.4 s`.
pub fn format_ms(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// Several named progress bars at once (one per table, per cache kind...),
/// fed from worker threads; draws nothing when the printer shows no progress.
pub struct NamedBars {
    multi: Option<indicatif::MultiProgress>,
    /// (name, bar, rows so far, started).
    bars: std::sync::Mutex<Vec<(&'static str, indicatif::ProgressBar, u64, std::time::Instant)>>,
}

impl NamedBars {
    pub fn new(printer: &Printer) -> NamedBars {
        NamedBars {
            multi: printer.shows_progress().then(indicatif::MultiProgress::new),
            bars: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// A bar per cache kind as the warm goes.
    pub fn show_warm(&self, event: platformctl::cache::warm::Event) {
        use platformctl::cache::warm::Event;
        match event {
            Event::Started { kind, rows } => self.start(kind.name(), rows),
            Event::Written { kind, keys } => self.advance(kind.name(), keys, keys, "keys"),
            Event::Finished { kind } => self.finish(kind.name()),
        }
    }

    /// A bar of `len` units named `name`.
    pub fn start(&self, name: &'static str, len: u64) {
        let Some(multi) = &self.multi else { return };
        let bar = multi.add(indicatif::ProgressBar::new(len.max(1)));
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix:>24} [{bar:30}] {percent:>3}% {msg}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(name);
        self.bars
            .lock()
            .expect("bars lock")
            .push((name, bar, 0, std::time::Instant::now()));
    }

    /// `units` more done, carrying `rows` rows (the message shows rows/s).
    pub fn advance(&self, name: &'static str, units: u64, rows: u64, noun: &str) {
        let mut bars = self.bars.lock().expect("bars lock");
        if let Some((_, bar, total, started)) = bars.iter_mut().find(|(n, ..)| *n == name) {
            *total += rows;
            bar.inc(units);
            let rate = *total as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{total} {noun}, {rate:.0} {noun}/s"));
        }
    }

    pub fn finish(&self, name: &'static str) {
        if let Some((_, bar, ..)) = self
            .bars
            .lock()
            .expect("bars lock")
            .iter()
            .find(|(n, ..)| *n == name)
        {
            bar.finish();
        }
    }

    /// A spinner for a last step of unknown length.
    pub fn spinner(&self, name: &'static str) {
        let Some(multi) = &self.multi else { return };
        let spinner = multi.add(indicatif::ProgressBar::new_spinner());
        spinner.set_message(name);
        spinner.enable_steady_tick(Duration::from_millis(120));
        self.bars
            .lock()
            .expect("bars lock")
            .push((name, spinner, 0, std::time::Instant::now()));
    }
}

/// A time as RFC 3339 (UTC), as tables show times.
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
