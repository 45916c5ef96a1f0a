//! What is remembered about a person besides their progress: the language
//! they were served in, where they were (the procedure open last), whether
//! staff closed them (kept, but out of the switcher's list), and their
//! profile (参保地, insurance, for whom: ids only, see [`Profile`]).
//! Saved in the person's progress file as one optional `person` field that
//! is left out while empty, so files of people never switched look as before.
//!
//! A profile value this build does not know (written by a newer banshi, or
//! edited by hand) is dropped when read and never written: see
//! [`Profile::known`].

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, UserStore, file};
use crate::engine::profile::Profile;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// `zh-CN` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The procedure open last (`None`: the home screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// The person's profile (schema 4 on; absent when empty).
    #[serde(default, skip_serializing_if = "Profile::is_empty")]
    pub profile: Profile,
}

impl Person {
    pub fn is_empty(&self) -> bool {
        *self == Person::default()
    }

    /// The person with only profile values this build knows.
    pub fn known(mut self) -> Person {
        self.profile = std::mem::take(&mut self.profile).known();
        self
    }
}

impl UserStore {
    /// The person's remembered language and position.
    pub fn person(&self) -> &Person {
        &self.file.person
    }

    /// Changes the remembered data (under the store lock, keeping every
    /// flow saved meanwhile by other terminals). Writes only on a change.
    pub fn set_person(&mut self, change: impl FnOnce(&mut Person)) -> Result<(), StoreError> {
        let mut wanted = self.file.person.clone();
        change(&mut wanted);
        let wanted = wanted.known();
        file::ensure_private_dir(&self.root, true)?;
        file::ensure_private_dir(&self.dir, false)?;
        let _lock = file::Lock::acquire(&self.lock_path)?;
        let mut disk = self.load_locked()?;
        if disk.person != wanted || self.path.symlink_metadata().is_err() {
            disk.person = wanted;
            disk.schema = file::SCHEMA;
            file::write_atomic(&self.path, file::to_ron(&disk).as_bytes(), self.fault)?;
        }
        self.file = disk;
        Ok(())
    }
}

impl Store {
    /// Deletes a person: every procedure and what was remembered (the file).
    pub fn delete_user(&self, name: &str) -> Result<(), StoreError> {
        let mut user = self.open_user(name)?;
        user.reset(None)?;
        if user.path.symlink_metadata().is_ok() {
            file::remove(&user.path)?;
        }
        Ok(())
    }
}
