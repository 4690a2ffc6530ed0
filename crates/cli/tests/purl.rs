//! The `medcyber purl parse` CLI contract.

use assert_cmd::Command;

fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

#[test]
fn parse_prints_the_contract_object() {
    medcyber()
        .args(["purl", "parse", "pkg:npm/@angular/core@12.3.1?b=2&a=x%2Fy#src//x"])
        .assert()
        .success()
        .stdout(
            r#"{"canonical":"pkg:npm/%40angular/core@12.3.1?a=x%2Fy&b=2#src/x","type":"npm","namespace":"@angular","name":"core","version":"12.3.1","qualifiers":{"a":"x/y","b":"2"},"subpath":"src/x"}"#
                .to_owned()
                + "\n",
        );
}

#[test]
fn parse_normalises_by_type_and_repairs_keys() {
    medcyber()
        .args(["purl", "parse", "pkg:PyPI/Django_Rest@3.14?Arch=x86"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            r#""canonical":"pkg:pypi/django-rest@3.14?arch=x86""#,
        ));
    medcyber()
        .args([
            "purl",
            "parse",
            "--strict",
            "pkg:PyPI/Django_Rest@3.14?Arch=x86",
        ])
        .assert()
        .code(2)
        .stdout(predicates::str::contains(r#"{"error":"#));
}

#[test]
fn parse_error_is_json_and_exit_2() {
    medcyber()
        .args(["purl", "parse", "pkg:maven/commons-io@2.11"])
        .assert()
        .code(2)
        .stdout("{\"error\":\"invalid purl `pkg:maven/commons-io@2.11`: a `maven` purl requires a namespace\"}\n");
}

#[test]
fn batch_answers_each_line() {
    medcyber()
        .args(["purl", "parse", "--batch"])
        .write_stdin("pkg:deb/debian/curl@7.50.3-1?arch=i386\nnot a purl\npkg:generic/openssl@1.1.1w\n")
        .assert()
        .success()
        .stdout(predicates::str::is_match(
            "^\\{\"canonical\":\"pkg:deb/debian/curl@7.50.3-1\\?arch=i386\".*\n\\{\"error\":.*\n\\{\"canonical\":\"pkg:generic/openssl@1.1.1w\".*\n$",
        ).expect("regex"));
}
