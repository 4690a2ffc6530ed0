//! The `medcyber version` CLI contract: exact stdout, exit codes, batch behaviour.

use assert_cmd::Command;

fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

#[test]
fn compare_prints_minus_one_zero_one() {
    for (a, b, want) in [
        ("1.0.0-rc.1", "1.0.0", "-1\n"),
        ("v1.2.3", "1.2.3", "0\n"),
        ("2.0.0", "1.9.9", "1\n"),
    ] {
        medcyber()
            .args(["version", "compare", "--scheme", "npm", a, b])
            .assert()
            .success()
            .stdout(want);
    }
}

#[test]
fn compare_invalid_version_is_exit_2() {
    medcyber()
        .args(["version", "compare", "--scheme", "semver", "1.0", "1.0.0"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("invalid semver version `1.0`"));
}

#[test]
fn unknown_scheme_is_exit_2() {
    medcyber()
        .args(["version", "compare", "--scheme", "cobol", "1", "2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown version scheme `cobol`"));
}

#[test]
fn compare_batch_answers_every_line() {
    medcyber()
        .args(["version", "compare", "--scheme", "npm", "--batch"])
        .write_stdin("1.0.0\t2.0.0\nnot-a-version\t1.0.0\n\n2.0.0\t2.0.0+build\r\n1.0.0-alpha\t1.0.0-alpha.1\n")
        .assert()
        .success()
        .stdout(
            "-1\nerror: invalid npm version `not-a-version`: major version `not` is not a number\n\
             error: expected two fields separated by a tab\n0\n-1\n",
        );
}

#[test]
fn satisfies_vers_and_native() {
    let cases: &[(&[&str], &str)] = &[
        (&["--range", "vers:npm/>=1.2.0|<2.0.0", "1.5.0"], "true\n"),
        (&["--range", "vers:npm/>=1.2.0|<2.0.0", "2.0.0"], "false\n"),
        // vers ranges include pre-releases inside their bounds.
        (
            &["--range", "vers:npm/>=1.2.0|<2.0.0", "2.0.0-rc.1"],
            "true\n",
        ),
        (
            &["--scheme", "npm", "--range", "^1.2.3 || 3.x", "3.1.0"],
            "true\n",
        ),
        // npm includePrerelease: ^1.2.3 covers 1.3.0-beta but stops below 2.0.0-0.
        (
            &["--scheme", "npm", "--range", "^1.2.3", "1.3.0-beta.1"],
            "true\n",
        ),
        (
            &["--scheme", "npm", "--range", "^1.2.3", "2.0.0-rc.1"],
            "false\n",
        ),
    ];
    for (args, want) in cases {
        medcyber()
            .args(["version", "satisfies"])
            .args(*args)
            .assert()
            .success()
            .stdout(*want);
    }
}

#[test]
fn satisfies_batch_never_aborts() {
    medcyber()
        .args(["version", "satisfies", "--batch"])
        // Constraints out of order are sorted first (as univers does): `<1.0.0|>=2.0.0`.
        .write_stdin("vers:npm/>=1.0.0\t1.0.0\nvers:npm/>=2.0.0|<1.0.0\t1.0.0\nvers:npm/<1|>=2\t1.0.0\nvers:cobol/1\t1\n")
        .assert()
        .success()
        .stdout(predicates::str::is_match("^true\nfalse\nerror: .*invalid npm version `1`.*\nerror: .*unknown versioning type `cobol`\n$").expect("regex"));
}

#[test]
fn to_vers_converts_native_ranges() {
    medcyber()
        .args(["version", "to-vers", "--scheme", "npm", "~3.8.2 || >=4.1.0"])
        .assert()
        .success()
        .stdout("vers:npm/>=3.8.2|<3.9.0|>=4.1.0\n");
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in [
        &["version", "compare"][..],
        &["version", "satisfies"],
        &["version", "to-vers"],
        &["purl", "parse"],
    ] {
        medcyber()
            .args(cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicates::str::contains("Examples:"));
    }
}
