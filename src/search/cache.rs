//! The search index of a `--flows DIR`, kept on disk so that `banshi search`
//! over a large directory does not re-read and re-validate every file.
//!
//! When it is trusted: the cache records the identity of the directory and
//! of every flow file in it (device, inode, size, modification and change
//! times to the nanosecond), taken *before* the files were read. It is used
//! only when every one of them is unchanged; on any difference the caller
//! reads the flows as usual and writes a new cache. Editing a file in place
//! changes its times and size; adding, removing or renaming one changes the
//! directory. The change time cannot be set back by `touch`.
//!
//! A file could change twice within one tick of the file system's clock, the
//! second time without changing its times. So no cache is written while any
//! file (or the directory) changed less than [`SETTLE`] before the stamp was
//! taken: the next search after that writes it.
//!
//! The file also holds the build it belongs to (a hash of the search and
//! flow code and of the shipped flows, made by `build.rs`), the messages
//! about files that were skipped, and a checksum. A cache that is missing,
//! damaged, or from another build is simply rebuilt: it holds nothing that
//! is not in the flow files.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::persist::{In, LAYOUT, Out};
use super::{Index, each, fnv, split};

const MAGIC: &[u8] = b"banshi search index\n";

/// The code and shipped flows this binary was built from (see `build.rs`).
const BUILD: &str = env!("BANSHI_INDEX_BUILD");

/// How long a file must have been left alone before a cache may rely on it.
pub const SETTLE: Duration = Duration::from_secs(2);

/// From this many files on, stamps are taken on every core.
const STAT_PARALLEL_MIN: usize = 2_000;

/// What identifies one version of a file: any write changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Meta {
    dev: u64,
    ino: u64,
    size: u64,
    /// Nanoseconds since the epoch.
    mtime: i64,
    ctime: i64,
}

impl Meta {
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    fn of(st: &rustix::fs::Stat) -> Meta {
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
        Meta {
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
            size: st.st_size as u64,
            mtime: ns(st.st_mtime as i64, st.st_mtime_nsec as i64),
            ctime: ns(st.st_ctime as i64, st.st_ctime_nsec as i64),
        }
    }

    #[cfg(not(unix))]
    fn of(m: &std::fs::Metadata) -> Meta {
        let ns = |t: io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64)
        };
        Meta {
            size: m.len(),
            mtime: ns(m.modified()),
            ctime: ns(m.created()),
            ..Meta::default()
        }
    }

    fn stat(path: &Path) -> io::Result<Meta> {
        #[cfg(unix)]
        return Ok(Meta::of(&rustix::fs::stat(path)?));
        #[cfg(not(unix))]
        std::fs::metadata(path).map(|m| Meta::of(&m))
    }

    /// The later of its modification and change times.
    fn changed(&self) -> i64 {
        self.mtime.max(self.ctime)
    }

    fn write(&self, o: &mut Out) {
        for v in [self.dev, self.ino, self.size] {
            o.u64(v);
        }
        for v in [self.mtime, self.ctime] {
            o.u64(v as u64);
        }
    }

    fn read(i: &mut In) -> Option<Meta> {
        Some(Meta {
            dev: i.u64()?,
            ino: i.u64()?,
            size: i.u64()?,
            mtime: i.u64()? as i64,
            ctime: i.u64()? as i64,
        })
    }
}

/// The directory and its flow files as they were at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    dir: Meta,
    /// `(file name, its identity)`, sorted by name: the files
    /// [`crate::flow::read_sources`] reads (`*.ron` regular files).
    files: Vec<(OsString, Meta)>,
    /// When it was taken, in nanoseconds since the epoch.
    taken: i64,
}

impl Stamp {
    /// Takes the stamp of `dir`. Take it before reading the files, so that a
    /// change made while they are read shows up next time.
    pub fn take(dir: &Path) -> io::Result<Stamp> {
        let taken = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i64);
        let dir_meta = Meta::stat(dir)?;
        let mut names: Vec<OsString> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .filter(|n| Path::new(n).extension().is_some_and(|x| x == "ron"))
            .collect();
        names.sort();
        let refs: Vec<&OsStr> = names.iter().map(OsString::as_os_str).collect();
        let metas = stat_all(dir, &refs);
        let files = names
            .into_iter()
            .zip(metas)
            // Like `read_sources`: what is not a file is not read.
            .filter_map(|(n, m)| m.ok().flatten().map(|m| (n, m)))
            .collect();
        Ok(Stamp {
            dir: dir_meta,
            files,
            taken,
        })
    }

    /// Nothing in it changed within [`SETTLE`] of the moment it was taken.
    fn settled(&self) -> bool {
        let newest = self
            .files
            .iter()
            .map(|(_, m)| m.changed())
            .chain([self.dir.changed()])
            .max()
            .unwrap_or(0);
        newest.saturating_add(SETTLE.as_nanos() as i64) <= self.taken
    }
}

/// Whether `dir` still is as recorded: the directory's identity `dir_meta`
/// and `files`, sorted by name. Checks the directory and every recorded
/// file, and lists the directory only when it changed.
fn holds(dir: &Path, dir_meta: Meta, files: &[(&OsStr, Meta)]) -> Holds {
    match Meta::stat(dir) {
        Ok(m) if m == dir_meta => {
            let names: Vec<&OsStr> = files.iter().map(|&(n, _)| n).collect();
            let same = stat_all(dir, &names)
                .into_iter()
                .zip(files)
                .all(|(now, (_, then))| matches!(now, Ok(Some(m)) if m == *then));
            if same { Holds::Yes } else { Holds::No }
        }
        // Something was added, removed or renamed (or only the directory's
        // own attributes changed): compare the files.
        Ok(_) => match Stamp::take(dir) {
            Ok(now)
                if now.files.len() == files.len()
                    && now
                        .files
                        .iter()
                        .zip(files)
                        .all(|((a, am), (b, bm))| a == b && am == bm) =>
            {
                Holds::ButNotTheFolder(now)
            }
            _ => Holds::No,
        },
        Err(_) => Holds::No,
    }
}

/// Whether a cache still holds for its folder.
enum Holds {
    Yes,
    No,
    /// The flow files are unchanged, the folder is not (a file that is not
    /// a flow came or went): the cache holds, and is worth saving with this
    /// new stamp so the next search need not list the folder.
    ButNotTheFolder(Stamp),
}

/// The identity of each of `names` in `dir` (`None` for what is not a file),
/// over every core for many names.
fn stat_all(dir: &Path, names: &[&OsStr]) -> Vec<io::Result<Option<Meta>>> {
    // Each name is looked up in the open directory (`fstatat`), not by path.
    #[cfg(unix)]
    let dir = &std::fs::File::open(dir);
    let one = |n: &&OsStr| -> io::Result<Option<Meta>> {
        #[cfg(unix)]
        {
            let dir = dir
                .as_ref()
                .map_err(|e| io::Error::new(e.kind(), e.to_string()))?;
            let st = rustix::fs::statat(dir, *n, rustix::fs::AtFlags::empty())?;
            let file = rustix::fs::FileType::from_raw_mode(st.st_mode as _).is_file();
            Ok(file.then(|| Meta::of(&st)))
        }
        #[cfg(not(unix))]
        std::fs::metadata(dir.join(n)).map(|m| m.is_file().then(|| Meta::of(&m)))
    };
    each(split(names, STAT_PARALLEL_MIN), |part| {
        part.iter().map(one).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// An index read back from the cache, with the messages about the files
/// that were skipped when it was built.
#[derive(Debug)]
pub struct Cached {
    pub index: Index,
    pub skipped: Vec<String>,
}

/// The cache file of one flows directory.
#[derive(Debug, Clone)]
pub struct Cache {
    file: PathBuf,
    dir: PathBuf,
}

impl Cache {
    /// The cache of flows directory `dir`, kept in `cache_dir`.
    pub fn new(cache_dir: &Path, dir: &Path) -> Cache {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let name = format!("index-{:016x}.bin", fnv(dir.as_os_str().as_encoded_bytes()));
        Cache {
            file: cache_dir.join(name),
            dir,
        }
    }

    /// The cached index, if the cache exists, is whole, belongs to this
    /// build and the directory has not changed since it was written.
    pub fn load(&self) -> Option<Cached> {
        let file = std::fs::File::open(&self.file).ok()?;
        // SAFETY: the map is only read, and a cache file is never changed in
        // place: `save` writes a new file and renames it over the old one, so
        // this mapping keeps the old file's data whatever happens meanwhile.
        let bytes = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if u64::from_le_bytes(sum.try_into().ok()?) != checksum(body) {
            return None;
        }
        let mut i = In::new(body);
        if i.take(MAGIC.len())? != MAGIC || i.u64()? != LAYOUT as u64 || i.str()? != BUILD {
            return None;
        }
        if i.blob()? != self.dir.as_os_str().as_encoded_bytes() {
            return None;
        }
        let dir = Meta::read(&mut i)?;
        let _taken = i.u64()?;
        let n = i.len()?;
        let mut files = Vec::with_capacity(n.min(body.len()));
        for _ in 0..n {
            let name = os_str(i.blob()?)?;
            files.push((name, Meta::read(&mut i)?));
        }
        // Checking the files is mostly waiting on the kernel: read the
        // index meanwhile.
        std::thread::scope(|scope| {
            let holds = scope.spawn(|| holds(&self.dir, dir, &files));
            let read = (|| {
                let skipped = (0..i.len()?)
                    .map(|_| i.str().map(str::to_string))
                    .collect::<Option<Vec<String>>>()?;
                let index = Index::read_from(&mut i)?;
                i.is_empty().then_some(Cached { index, skipped })
            })();
            match holds.join().expect("cache check thread") {
                Holds::Yes => read,
                Holds::No => None,
                Holds::ButNotTheFolder(stamp) => {
                    if let Some(c) = &read {
                        // Only saves time later; the answer is the same.
                        let _ = self.save(&stamp, &c.index, &c.skipped);
                    }
                    read
                }
            }
        })
    }

    /// Writes the cache of `index`, built from the files as `stamp` saw
    /// them (atomically: a reader sees the old cache or the new one).
    /// Returns `Ok(false)` without writing when some file changed too
    /// recently to be relied on (see [`SETTLE`]).
    pub fn save(&self, stamp: &Stamp, index: &Index, skipped: &[String]) -> io::Result<bool> {
        if !stamp.settled() {
            return Ok(false);
        }
        let mut o = Out(Vec::with_capacity(1 << 20));
        o.0.extend_from_slice(MAGIC);
        o.u64(LAYOUT as u64);
        o.blob(BUILD.as_bytes());
        o.blob(self.dir.as_os_str().as_encoded_bytes());
        stamp.dir.write(&mut o);
        o.u64(stamp.taken as u64);
        o.len(stamp.files.len());
        for (name, meta) in &stamp.files {
            o.blob(name.as_encoded_bytes());
            meta.write(&mut o);
        }
        o.len(skipped.len());
        for s in skipped {
            o.str(s);
        }
        index.write_to(&mut o);
        let mut out = o.0;
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        let parent = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
        io::Write::write_all(&mut tmp, &out)?;
        // No fsync: a cache lost in a crash is rebuilt, and a torn one
        // fails its checksum.
        tmp.persist(&self.file).map_err(|e| e.error)?;
        Ok(true)
    }
}

#[cfg(unix)]
fn os_str(b: &[u8]) -> Option<&OsStr> {
    use std::os::unix::ffi::OsStrExt;
    Some(OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn os_str(b: &[u8]) -> Option<&OsStr> {
    std::str::from_utf8(b).ok().map(OsStr::new)
}

/// A checksum to tell a torn or damaged file from a whole one: a
/// Fletcher-style pair of sums over 8-byte words in four lanes (which the
/// compiler vectorises), and the tail.
fn checksum(b: &[u8]) -> u64 {
    let mut blocks = b.chunks_exact(32);
    let (mut sum, mut sums) = ([0u64; 4], [0u64; 4]);
    for block in blocks.by_ref() {
        for k in 0..4 {
            let w = u64::from_le_bytes(block[k * 8..k * 8 + 8].try_into().expect("8 bytes"));
            sum[k] = sum[k].wrapping_add(w);
            sums[k] = sums[k].wrapping_add(sum[k]);
        }
    }
    let mut out = Vec::with_capacity(72 + 32);
    for v in sum.iter().chain(&sums) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(blocks.remainder());
    fnv(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::flow::{Catalog, shipped_sources};

    /// A flows directory holding the shipped flows.
    fn flows_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for s in shipped_sources() {
            let name = Path::new(&s.path).file_name().unwrap().to_owned();
            std::fs::write(dir.path().join(name), &s.text).unwrap();
        }
        dir
    }

    /// What `banshi search` does on a miss: stamp, read, build, save. The
    /// stamp is dated [`SETTLE`] later, as if the files had been left alone
    /// that long.
    fn build_and_save(cache: &Cache, dir: &Path) -> (Index, Vec<String>) {
        let mut stamp = Stamp::take(dir).unwrap();
        stamp.taken += SETTLE.as_nanos() as i64;
        let today = Date::parse("2026-11-23").unwrap();
        let catalog = Catalog::load(Some(dir), today);
        let index = Index::build(catalog.flows());
        let skipped: Vec<String> = catalog.errors().map(ToString::to_string).collect();
        assert!(cache.save(&stamp, &index, &skipped).unwrap(), "saved");
        (index, skipped)
    }

    #[test]
    fn a_saved_cache_is_used_while_nothing_changed_and_searches_the_same() {
        let (flows, cache_dir) = (flows_dir(), tempfile::tempdir().unwrap());
        let cache = Cache::new(cache_dir.path(), flows.path());
        assert!(cache.load().is_none(), "nothing cached yet");
        let (built, _) = build_and_save(&cache, flows.path());
        let cached = cache.load().expect("the cache holds");
        for q in ["buban", "ybk", "卡丢了", "lost card", "yidi beian"] {
            assert_eq!(cached.index.search(q, 10), built.search(q, 10), "{q}");
        }
        assert!(cached.skipped.is_empty());
    }

    #[test]
    fn any_change_to_the_flow_files_makes_the_cache_stale() {
        let (flows, cache_dir) = (flows_dir(), tempfile::tempdir().unwrap());
        let cache = Cache::new(cache_dir.path(), flows.path());
        let file = flows.path().join("card-lost-replace.ron");
        let text = std::fs::read_to_string(&file).unwrap();

        // Edited in place, same size: only its times tell.
        build_and_save(&cache, flows.path());
        let edited = text.replacen("卡", "片", 1);
        assert_eq!(edited.len(), text.len());
        std::fs::write(&file, &edited).unwrap();
        assert!(cache.load().is_none(), "edited in place");

        // A file added, one removed, one renamed.
        build_and_save(&cache, flows.path());
        std::fs::write(flows.path().join("zz-new.ron"), &text).unwrap();
        assert!(cache.load().is_none(), "added");
        build_and_save(&cache, flows.path());
        std::fs::remove_file(flows.path().join("zz-new.ron")).unwrap();
        assert!(cache.load().is_none(), "removed");
        build_and_save(&cache, flows.path());
        std::fs::rename(&file, flows.path().join("renamed.ron")).unwrap();
        assert!(cache.load().is_none(), "renamed");

        // Something that is not a flow file changes only the directory: the
        // files are compared and still hold.
        build_and_save(&cache, flows.path());
        std::fs::write(flows.path().join("notes.txt"), "x").unwrap();
        assert!(cache.load().is_some(), "a non-flow file does not matter");
    }

    #[test]
    fn a_cache_that_holds_for_a_changed_folder_takes_the_folders_new_stamp() {
        let (flows, cache_dir) = (flows_dir(), tempfile::tempdir().unwrap());
        let cache = Cache::new(cache_dir.path(), flows.path());
        build_and_save(&cache, flows.path());
        std::fs::write(flows.path().join("notes.txt"), "x").unwrap();
        let before = std::fs::read(cache.file.as_path()).unwrap();
        // Just changed: used, but not yet rewritten (see SETTLE).
        assert!(cache.load().is_some());
        assert_eq!(std::fs::read(cache.file.as_path()).unwrap(), before);
        std::thread::sleep(SETTLE + Duration::from_millis(100));
        assert!(cache.load().is_some());
        let after = std::fs::read(cache.file.as_path()).unwrap();
        assert_ne!(after, before, "rewritten with the folder's new stamp");
        // Now the folder matches again: used as it is, not rewritten.
        assert!(cache.load().is_some());
        assert_eq!(std::fs::read(cache.file.as_path()).unwrap(), after);
    }

    #[test]
    fn files_changed_too_recently_are_not_cached() {
        let (flows, cache_dir) = (flows_dir(), tempfile::tempdir().unwrap());
        let cache = Cache::new(cache_dir.path(), flows.path());
        // Just written: within SETTLE of the stamp.
        let stamp = Stamp::take(flows.path()).unwrap();
        assert!(!cache.save(&stamp, &Index::default(), &[]).unwrap());
        assert!(!cache.file.as_path().exists());
    }

    #[test]
    fn skipped_files_are_remembered_with_their_messages() {
        let (flows, cache_dir) = (flows_dir(), tempfile::tempdir().unwrap());
        std::fs::write(flows.path().join("broken.ron"), "(id: \"x\",").unwrap();
        let cache = Cache::new(cache_dir.path(), flows.path());
        let (_, skipped) = build_and_save(&cache, flows.path());
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].contains("broken.ron:"), "{skipped:?}");
        assert_eq!(cache.load().expect("holds").skipped, skipped);
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_ignored() {
        let (flows, cache_dir) = (flows_dir(), tempfile::tempdir().unwrap());
        let cache = Cache::new(cache_dir.path(), flows.path());
        build_and_save(&cache, flows.path());
        let good = std::fs::read(cache.file.as_path()).unwrap();
        let damage = |bytes: &[u8]| {
            std::fs::write(cache.file.as_path(), bytes).unwrap();
            cache.load().is_none()
        };
        assert!(damage(&good[..good.len() / 2]), "torn");
        assert!(damage(&[]), "empty");
        for at in [0, 40, good.len() / 3, good.len() - 9, good.len() - 1] {
            let mut b = good.clone();
            b[at] ^= 0x10;
            assert!(damage(&b), "byte {at} changed");
        }
        // The cache of another directory is not this one's.
        let other = flows_dir();
        let elsewhere = Cache::new(cache_dir.path(), other.path());
        std::fs::copy(cache.file.as_path(), elsewhere.file.as_path()).unwrap();
        assert!(elsewhere.load().is_none(), "another directory's cache");
        std::fs::write(cache.file.as_path(), &good).unwrap();
        assert!(cache.load().is_some(), "the good bytes still load");
    }

    #[test]
    fn the_checksum_sees_every_byte() {
        let b: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let sum = checksum(&b);
        for at in 0..b.len() {
            let mut c = b.clone();
            c[at] ^= 1;
            assert_ne!(checksum(&c), sum, "byte {at}");
        }
        assert_ne!(checksum(&b[..999]), sum);
    }
}
