//! The CPU priority of the tool's background work (`retention purge`).
//!
//! A purge's pace is its server backend's: this process only encodes,
//! compresses and writes what the backend hands back, and on a host it shares
//! with the database or the platform's services it should take as little as
//! it can from them. SCHED_IDLE puts it behind every other task of its
//! scheduling group. What it cannot do is reach across groups: the kernel
//! first shares a CPU between groups by their weights (a cgroup's cpu.weight,
//! or, with autogroups on, one group per session at the session's nice), and
//! only then between the tasks of each; nice too weighs tasks only within
//! their group. To yield across groups, the purge must run in a group of
//! its own with a low weight (docs/retention.md).

/// How this process's threads compete for CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CpuPriority {
    /// Behind every other task of this process's scheduling group (Linux SCHED_IDLE)
    Idle,
    /// Compete like any other process
    Normal,
}

/// Puts the calling thread, and every thread it starts afterwards, at
/// `priority`; called before the async runtime starts its threads, so
/// that all of them inherit it. Ok(false) where the system has no idle
/// policy. `Normal` leaves the priority the process started with.
pub fn set(priority: CpuPriority) -> std::io::Result<bool> {
    match priority {
        CpuPriority::Normal => Ok(true),
        CpuPriority::Idle => set_idle(),
    }
}

#[cfg(target_os = "linux")]
fn set_idle() -> std::io::Result<bool> {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: pid 0 is the calling thread and `param` outlives the call.
    // Lowering a thread's own policy needs no privilege.
    if unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } == 0 {
        Ok(true)
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn set_idle() -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn policy() -> libc::c_int {
        // SAFETY: no arguments but the calling thread's pid 0.
        unsafe { libc::sched_getscheduler(0) }
    }

    #[test]
    fn idle_is_the_idle_policy_for_the_thread_and_the_threads_it_starts() {
        // On a thread of its own, so that the test harness keeps its policy.
        std::thread::spawn(|| {
            assert_eq!(policy(), libc::SCHED_OTHER);
            assert!(set(CpuPriority::Idle).unwrap());
            assert_eq!(policy(), libc::SCHED_IDLE);
            let started = std::thread::spawn(policy).join().unwrap();
            assert_eq!(started, libc::SCHED_IDLE);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn normal_leaves_the_policy_alone() {
        std::thread::spawn(|| {
            assert!(set(CpuPriority::Normal).unwrap());
            assert_eq!(policy(), libc::SCHED_OTHER);
        })
        .join()
        .unwrap();
    }
}
