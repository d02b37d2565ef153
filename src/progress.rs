//! How a long operation reports its progress: one interface for all of
//! them. Each operation has its own event type (a migration applied, a
//! batch purged, a chunk loaded, a cache kind warmed) and takes a
//! `&dyn Progress<ItsEvent>`, or an `Arc` of one when its workers are tasks
//! of their own. Any `Fn(Event) + Send + Sync` closure is one, so a caller
//! writes `&|event| ...`. The library never prints: the tool draws bars and
//! status lines from these events, a service may log them.

pub trait Progress<E>: Send + Sync {
    fn report(&self, event: E);
}

impl<E, F> Progress<E> for F
where
    F: Fn(E) + Send + Sync,
{
    fn report(&self, event: E) {
        self(event)
    }
}

/// Reports nothing, for a caller that does not watch.
pub struct Silent;

impl<E> Progress<E> for Silent {
    fn report(&self, _: E) {}
}
