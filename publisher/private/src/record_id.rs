//! The organisation's own id of a person's record, which the id mapping points to.

use std::fmt;
use std::str::FromStr;

/// Longest record id, in characters.
pub const MAX_RECORD_ID: usize = 100;

/// The organisation's own id of a person's record: 1-100 characters, no control characters.
/// Private: it is what the inbox maps a profile id back to, and never appears in a feed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordId(String);

impl RecordId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for RecordId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let len = s.chars().count();
        if len == 0 {
            return Err("is empty".into());
        }
        if len > MAX_RECORD_ID {
            return Err(format!("is {len} characters; at most {MAX_RECORD_ID} are allowed"));
        }
        if s.chars().any(char::is_control) {
            return Err("contains control characters".into());
        }
        Ok(RecordId(s.to_owned()))
    }
}

impl TryFrom<String> for RecordId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<RecordId> for String {
    fn from(id: RecordId) -> String {
        id.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
