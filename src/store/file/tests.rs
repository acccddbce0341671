use super::*;

#[test]
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "backwalk names its own temporaries: the case is exact"
)]
fn temporaries_are_private_unpredictable_and_never_follow_links() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.csv");
    let (_, first) = create_temporary(&target).unwrap();
    let (_, second) = create_temporary(&target).unwrap();
    assert_ne!(first, second);
    let name = first.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(".out.csv.") && name.ends_with(".tmp"), "{name}");
    assert_eq!(fs::metadata(&first).unwrap().mode() & 0o777, 0o600);
}

#[test]
fn a_symlinked_store_resolves_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sync")).unwrap();
    fs::create_dir(dir.path().join("home")).unwrap();
    let link = dir.path().join("home/s.json");
    std::os::unix::fs::symlink("../sync/s.json", &link).unwrap();
    let paths = Paths::resolve(&link).unwrap();
    assert_eq!(paths.file, dir.path().join("home/../sync/s.json"));
    assert_eq!(paths.lock(), dir.path().join("home/../sync/s.json.lock"));
    assert_eq!(paths.given, link);
    // A loop is refused.
    let a = dir.path().join("a");
    std::os::unix::fs::symlink("b", &a).unwrap();
    std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
    assert!(Paths::resolve(&a).is_err());
}

#[test]
fn folders_and_pipes_are_refused_before_anything_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let message = format!("{:#}", Paths::resolve(dir.path()).unwrap_err());
    assert!(message.contains("is a folder"), "{message}");
    let slash = format!("{}/", dir.path().join("new").display());
    assert!(Paths::resolve(Path::new(&slash)).is_err());
    let fifo = dir.path().join("pipe");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let message = format!("{:#}", Paths::resolve(&fifo).unwrap_err());
    assert!(message.contains("is a pipe"), "{message}");
}

#[test]
fn a_planted_lock_link_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, b"keep").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
    std::os::unix::fs::symlink(&victim, paths.lock()).unwrap();
    drop(lock(&paths).unwrap());
    assert!(fs::symlink_metadata(paths.lock()).unwrap().is_file());
    assert_eq!(fs::read(&victim).unwrap(), b"keep");
    assert_eq!(fs::metadata(&victim).unwrap().mode() & 0o777, 0o644);
    // A second name of another file is replaced too.
    fs::remove_file(paths.lock()).unwrap();
    fs::hard_link(&victim, paths.lock()).unwrap();
    drop(lock(&paths).unwrap());
    assert_eq!(fs::metadata(&victim).unwrap().nlink(), 1);
    assert_eq!(fs::metadata(&victim).unwrap().mode() & 0o777, 0o644);
}

#[test]
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "backwalk names its own temporaries: the case is exact"
)]
fn saves_keep_the_backup_and_replace_planted_links() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, b"keep").unwrap();
    std::os::unix::fs::symlink(&victim, paths.backup()).unwrap();
    save(&paths, |f| f.write_all(b"one"), false).unwrap();
    save(&paths, |f| f.write_all(b"two"), true).unwrap();
    assert_eq!(fs::read(&paths.file).unwrap(), b"two");
    assert_eq!(fs::read(paths.backup()).unwrap(), b"one");
    assert!(
        !fs::symlink_metadata(paths.backup())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&victim).unwrap(), b"keep");
    for path in [&paths.file, &paths.backup()] {
        assert_eq!(fs::metadata(path).unwrap().mode() & 0o777, 0o600);
    }
    let failed = save(&paths, |_| Err(io::Error::other("disk full")), true);
    assert!(failed.is_err());
    assert_eq!(fs::read(&paths.file).unwrap(), b"two");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_save_writes_over_the_spare_and_the_old_backup_becomes_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
    save(&paths, |f| f.write_all(b"one, the longest"), false).unwrap();
    save(&paths, |f| f.write_all(b"two"), true).unwrap();
    assert!(!paths.spare().exists(), "no backup was replaced yet");
    save(&paths, |f| f.write_all(b"three"), true).unwrap();
    assert_eq!(fs::read(paths.spare()).unwrap(), b"one, the longest");
    let spare = fs::metadata(paths.spare()).unwrap().ino();
    save(&paths, |f| f.write_all(b"four"), true).unwrap();
    // Written over, and cut to its new length.
    assert_eq!(fs::read(&paths.file).unwrap(), b"four");
    assert_eq!(fs::metadata(&paths.file).unwrap().ino(), spare);
    assert_eq!(fs::read(paths.backup()).unwrap(), b"three");
    assert_eq!(fs::read(paths.spare()).unwrap(), b"two");
    // A failed save leaves the store and its backup as they were.
    assert!(save(&paths, |_| Err(io::Error::other("disk full")), true).is_err());
    assert_eq!(fs::read(&paths.file).unwrap(), b"four");
    assert_eq!(fs::read(paths.backup()).unwrap(), b"three");
    // A spare with a second name elsewhere is never written over.
    let elsewhere = dir.path().join("elsewhere");
    fs::remove_file(paths.spare()).unwrap();
    fs::write(&elsewhere, b"keep").unwrap();
    fs::hard_link(&elsewhere, paths.spare()).unwrap();
    save(&paths, |f| f.write_all(b"five"), true).unwrap();
    assert_eq!(fs::read(&elsewhere).unwrap(), b"keep");
    assert_eq!(fs::read(&paths.file).unwrap(), b"five");
    assert_eq!(fs::read(paths.backup()).unwrap(), b"four");
}

#[test]
fn a_reader_holding_an_old_version_keeps_reading_it_whole() {
    use std::os::unix::fs::FileExt;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
    save(&paths, |f| f.write_all(b"one, the longest"), false).unwrap();
    // A slow reader (no lock) opened version one and is still at it.
    let (reader, _) = open_store(&paths).unwrap().unwrap();
    // Two saves later version one's file is the spare; the third save
    // must not write over it while the reader holds it.
    for version in [&b"two"[..], b"three", b"four"] {
        save(&paths, |f| f.write_all(version), true).unwrap();
    }
    let mut held = vec![0; 64];
    let read = reader.read_at(&mut held, 0).unwrap();
    assert_eq!(&held[..read], b"one, the longest");
    assert_eq!(fs::read(&paths.file).unwrap(), b"four");
    assert_eq!(fs::read(paths.backup()).unwrap(), b"three");
    // A spare no one holds is written over again.
    let spare = fs::metadata(paths.spare()).unwrap().ino();
    save(&paths, |f| f.write_all(b"five"), true).unwrap();
    assert_eq!(fs::read(&paths.file).unwrap(), b"five");
    assert_eq!(fs::metadata(&paths.file).unwrap().ino(), spare);
    assert_eq!(fs::read(paths.backup()).unwrap(), b"four");
}

#[test]
fn outputs_refuse_the_store_its_neighbours_and_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
    save(&paths, |f| f.write_all(b"store"), false).unwrap();
    for neighbour in [
        "s.json",
        "s.json.bak",
        "s.json.lock",
        "s.json.idx",
        "s.json.key",
        ".s.json.0123.tmp",
    ] {
        let target = dir.path().join(neighbour);
        let error = write_output(&paths, &target, b"x", true).unwrap_err();
        assert!(crate::error::exit_code(&error) == 2, "{neighbour}: {error:#}");
    }
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&paths.file, &link).unwrap();
    assert!(write_output(&paths, &link, b"x", true).is_err());
    assert_eq!(fs::read(&paths.file).unwrap(), b"store");
    let out = dir.path().join("out.csv");
    write_output(&paths, &out, b"1", false).unwrap();
    let again = format!("{:#}", write_output(&paths, &out, b"2", false).unwrap_err());
    assert!(again.contains("--force"), "{again}");
    write_output(&paths, &out, b"2", true).unwrap();
    assert_eq!(fs::read(&out).unwrap(), b"2");
    assert_eq!(fs::metadata(&out).unwrap().mode() & 0o777, 0o600);
}

#[test]
fn the_key_is_only_ever_a_private_file_of_our_own_and_is_made_anew_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
    assert_eq!(read_key(&paths), None);
    let key = key_or_new(&paths).unwrap();
    assert_eq!(read_key(&paths), Some(key));
    assert_eq!(key_or_new(&paths), Some(key), "a good key is kept");
    let metadata = fs::symlink_metadata(paths.key()).unwrap();
    assert_eq!((metadata.mode() & 0o777, metadata.len()), (0o600, 16));
    assert_ne!(key, [0; KEY_LEN]);

    // Readable by others (someone may have copied it), of another length,
    // or a link to a file of the right shape: never used, replaced by
    // the next index's writer.
    let elsewhere = dir.path().join("elsewhere");
    fs::write(&elsewhere, key).unwrap();
    fs::set_permissions(&elsewhere, fs::Permissions::from_mode(0o600)).unwrap();
    let spoil: [&dyn Fn(&Path); 3] = [
        &|key| fs::set_permissions(key, fs::Permissions::from_mode(0o640)).unwrap(),
        &|key| fs::write(key, [7; 17]).unwrap(),
        &|key| {
            fs::remove_file(key).unwrap();
            std::os::unix::fs::symlink(&elsewhere, key).unwrap();
        },
    ];
    for (n, spoil) in spoil.iter().enumerate() {
        spoil(&paths.key());
        assert_eq!(read_key(&paths), None, "spoiled {n}");
        let new = key_or_new(&paths).unwrap();
        assert_eq!(read_key(&paths), Some(new), "spoiled {n}");
        assert!(
            fs::symlink_metadata(paths.key()).unwrap().is_file(),
            "spoiled {n}"
        );
    }
    assert_eq!(
        fs::read(&elsewhere).unwrap(),
        key,
        "the link's target is untouched"
    );

    // A folder where the key goes: no key, so no index is believed.
    fs::remove_file(paths.key()).unwrap();
    fs::create_dir(paths.key()).unwrap();
    assert_eq!(key_or_new(&paths), None);
}

#[test]
fn an_input_is_read_whole_up_to_its_bound_and_no_further() {
    assert_eq!(read_bounded(&b"abc"[..], MAX_INPUT).unwrap(), b"abc");
    // A file read to the size it had when opened.
    assert_eq!(read_bounded(&b"abcdef"[..], 3).unwrap(), b"abc");
    // An endless input stops at the bound.
    let endless = io::repeat(b'0');
    let error = read_bounded(endless, MAX_INPUT).unwrap_err();
    assert!(format!("{error}").contains("more than 256 MiB"), "{error}");
    let error = read_bounded(&b""[..], MAX_INPUT + 1).unwrap_err();
    assert!(format!("{error}").contains("larger than 256 MiB"), "{error}");
}
