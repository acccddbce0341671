//! A change in progress (`Store::update`'s transaction): the head
//! parsed and the history left on disk while a walk is only added (the
//! splice), the whole document loaded for anything else.

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use super::{Refusal, Store, splice};
use crate::model::{self, Document, Goals, NewSession, Op, Session, Surface, Timer};

/// A change in progress. Adding one walk keeps it cheap (the store
/// splices the walk's line into the file); anything that needs the whole
/// history (`document`) loads it.
pub struct Tx<'s, 'c> {
    store: &'s Store<'c>,
    state: State,
}

#[allow(
    clippy::large_enum_variant,
    reason = "one per transaction: its size costs nothing, a box would cost an allocation"
)]
enum State {
    /// The head parsed, the sessions still on disk.
    Lazy(Box<splice::Splice>),
    /// The whole document; `replaces` when a store file exists.
    Full { document: Document, replaces: bool },
}

impl<'s, 'c> Tx<'s, 'c> {
    pub(super) fn full(store: &'s Store<'c>, document: Document, replaces: bool) -> Tx<'s, 'c> {
        Tx {
            store,
            state: State::Full { document, replaces },
        }
    }

    pub(super) fn lazy(store: &'s Store<'c>, splice: splice::Splice) -> Tx<'s, 'c> {
        Tx {
            store,
            state: State::Lazy(Box::new(splice)),
        }
    }

    /// The document's head (everything but the sessions): the whole
    /// document when it is loaded.
    fn head(&self) -> &Document {
        match &self.state {
            State::Lazy(splice) => &splice.head,
            State::Full { document, .. } => document,
        }
    }

    fn head_mut(&mut self) -> &mut Document {
        match &mut self.state {
            State::Lazy(splice) => &mut splice.head,
            State::Full { document, .. } => document,
        }
    }

    pub fn goals(&self) -> &Goals {
        &self.head().goals
    }

    pub fn set_goals(&mut self, goals: Goals) {
        self.head_mut().goals = goals;
    }

    /// The next-morning records, in date order.
    pub fn mornings(&self) -> &[crate::model::Morning] {
        &self.head().mornings
    }

    pub fn set_mornings(&mut self, mornings: Vec<crate::model::Morning>) {
        self.head_mut().mornings = mornings;
    }

    /// Whether a stored walk started on `date` (a local day), as the
    /// store stands under the lock.
    pub fn walked_on(&mut self, date: NaiveDate) -> Result<bool> {
        let clock = self.store.clock;
        let on_the_day = |sessions: &[Session]| sessions.iter().any(|s| clock.date_of(&s.start) == date);
        // The walks around the day's start, proved from the store's
        // bytes: the day's own among them. Else the whole document.
        if let State::Lazy(splice) = &mut self.state
            && let Some(sessions) =
                splice.sessions_around(self.store, clock.start_of_day(date), clock.start_of_day(date))
        {
            return Ok(on_the_day(&sessions));
        }
        Ok(on_the_day(&self.document()?.sessions))
    }

    pub fn timer(&self) -> Option<&Timer> {
        self.head().timer.as_ref()
    }

    pub fn set_timer(&mut self, timer: Option<Timer>) {
        self.head_mut().timer = timer;
    }

    /// The surface of the most recently logged walk (the store is loaded
    /// when the index's pointer to it cannot be proved).
    pub fn last_surface(&mut self) -> Result<Option<Surface>> {
        if let State::Lazy(splice) = &self.state
            && let Ok(surface) = splice.last_surface()
        {
            return Ok(surface);
        }
        Ok(self.document()?.last_surface())
    }

    /// `chosen`, else the surface last used, else `other`: a walk's
    /// surface when none is given.
    pub fn surface_or_last(&mut self, chosen: Option<Surface>) -> Result<Surface> {
        match chosen {
            Some(surface) => Ok(surface),
            None => Ok(self.last_surface()?.unwrap_or(Surface::Other)),
        }
    }

    /// Remembers the change for `undo`; ends what `redo` could re-apply.
    pub fn record(&mut self, what: String, ops: Vec<Op>) {
        self.head_mut().record(what, ops);
    }

    /// Adds a walk with the next id, unless it overlaps a stored walk or
    /// the running timer (a `Refusal`).
    pub fn add(&mut self, new: NewSession) -> Result<Session> {
        let now = self.store.clock.now();
        if let State::Lazy(splice) = &mut self.state
            && splice.added.is_none()
            && let Some(neighbours) = splice.sessions_around(self.store, new.start, new.end())
        {
            model::check_overlap(
                &neighbours,
                splice.head.timer.as_ref(),
                new.start,
                new.end(),
                now,
                None,
            )
            .map_err(Refusal::Overlap)?;
            let id = splice.head.take_id().map_err(|e| anyhow!(e))?;
            let session = Session::from_new(id, new);
            splice.added = Some(session.clone());
            return Ok(session);
        }
        self.document()?.add(new, now).map_err(|e| match e {
            model::AddError::Overlap(overlap) => Refusal::Overlap(overlap).into(),
            model::AddError::Full(why) => anyhow!(why),
        })
    }

    /// The whole document, loaded if it was not.
    pub fn document(&mut self) -> Result<&mut Document> {
        if let State::Lazy(splice) = &mut self.state {
            let document = splice.load(self.store)?;
            self.state = State::Full {
                document,
                replaces: true,
            };
        }
        match &mut self.state {
            State::Full { document, .. } => Ok(document),
            State::Lazy(_) => unreachable!("loaded above"),
        }
    }

    pub(super) fn commit(self) -> Result<()> {
        let store = self.store;
        match self.state {
            State::Lazy(splice) => splice.commit(store),
            State::Full {
                mut document,
                replaces,
            } => store.save_locked(&mut document, replaces),
        }
    }
}
