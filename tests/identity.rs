//! `identity` in site.yaml reaches every template resolved to the page's language, with
//! `logo` as a URL relative to the page (a `data:` URI in the print editions); what is not
//! set is absent.

mod common;

use std::path::Path;

use common::*;

/// Prints every `identity` key a template can see, or `-` when it is absent.
const PROBE: &str = r#"<div id="identity">
logo={% if identity.logo is defined %}{{ identity.logo }}{% else %}-{% endif %}
organization={% if identity.organization is defined %}{{ identity.organization }}{% else %}-{% endif %}
parent_url={% if identity.parent_url is defined %}{{ identity.parent_url }}{% else %}-{% endif %}
contact={% if identity.contact is defined %}{% if identity.contact.address is defined %}{{ identity.contact.address }}{% endif %}|{% if identity.contact.phone is defined %}{{ identity.contact.phone }}{% endif %}|{% if identity.contact.email is defined %}{{ identity.contact.email }}{% endif %}|{% if identity.contact.url is defined %}{{ identity.contact.url }}{% endif %}{% else %}-{% endif %}
copyright={% if identity.copyright is defined %}{{ identity.copyright }}{% else %}-{% endif %}
icp={% if identity.icp is defined %}{{ identity.icp }}{% else %}-{% endif %}
</div>"#;

/// The basic fixture with `identity` (the given YAML lines) and the probe in every
/// template of the plain theme.
fn site_with(dir: &Path, identity: &str) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    let yaml = read(&site.join("site.yaml")) + identity;
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    std::fs::create_dir_all(site.join("static/brand")).unwrap();
    std::fs::write(
        site.join("static/brand/mark.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>"#,
    )
    .unwrap();
    let templates = site.join("themes/plain/templates");
    for name in ["base.html", "landing.html", "print.html"] {
        let text = read(&templates.join(name)).replacen("<body>", &format!("<body>{PROBE}"), 1);
        assert!(text.contains(PROBE), "{name} has a <body>");
        std::fs::write(templates.join(name), text).unwrap();
    }
    site
}

/// The probe's lines in the file at `path`.
fn probe(path: &Path) -> Vec<String> {
    let html = read(path);
    let start = html.find("<div id=\"identity\">").expect("the probe") + 19;
    let end = start + html[start..].find("</div>").unwrap();
    html[start..end]
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

const FULL: &str = "identity:
  logo: static/brand/mark.svg
  organization: { zh: 测试机构, en: Test Organization }
  parent_url: https://www.example.org/
  contact:
    address: { zh: 某路 1 号 }
    email: office@example.org
  copyright: © Test
  icp: 测ICP备1号
";

#[test]
fn identity_is_resolved_per_language_with_a_relative_logo() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_with(dir.path(), FULL);
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let en_page = probe(&out.join("en/about/history/index.html"));
    assert_eq!(
        en_page,
        [
            "logo=../../../brand/mark.svg",
            "organization=Test Organization",
            "parent_url=https://www.example.org/",
            // The address falls back to the default language; phone and url are unset.
            "contact=某路 1 号||office@example.org|",
            "copyright=© Test",
            "icp=测ICP备1号",
        ]
    );
    let zh_home = probe(&out.join("zh/index.html"));
    assert_eq!(zh_home[0], "logo=../brand/mark.svg");
    assert_eq!(zh_home[1], "organization=测试机构");
    assert_eq!(probe(&out.join("index.html"))[0], "logo=brand/mark.svg");
    // A server shows the 404 page at any URL: its logo starts from base_url's path.
    assert_eq!(
        probe(&out.join("en/404.html"))[0],
        "logo=/sub/brand/mark.svg"
    );
    // The print editions are self-contained: the logo is inside the file.
    let print = probe(&out.join("print/brochure.en.html"));
    assert!(
        print[0].starts_with("logo=data:image/svg+xml;base64,"),
        "{print:?}"
    );
    assert_eq!(print[1], "organization=Test Organization");
}

#[test]
fn unset_identity_keys_are_absent() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_with(
        dir.path(),
        "identity:\n  organization: 测试机构\n  contact: {}\n",
    );
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    for page in [
        "en/index.html",
        "zh/404.html",
        "index.html",
        "print/brochure.zh.html",
    ] {
        assert_eq!(
            probe(&out.join(page)),
            [
                "logo=-",
                "organization=测试机构",
                "parent_url=-",
                "contact=-",
                "copyright=-",
                "icp=-",
            ],
            "{page}"
        );
    }
}

#[test]
fn a_site_without_identity_shows_none() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_with(dir.path(), "");
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    assert!(
        probe(&out.join("zh/index.html"))
            .iter()
            .all(|l| l.ends_with("=-"))
    );
}

/// The default site (this repository) copied without its build products.
fn default_site(dir: &Path) -> std::path::PathBuf {
    let site = dir.join("site");
    for part in ["content", "themes", "locales"] {
        copy_tree(&repo().join(part), &site.join(part));
    }
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
    site
}

#[test]
fn the_default_site_shows_its_identity_and_nothing_unset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    let en = read(&out.join("en/history/index.html"));
    assert!(
        en.contains(r#"<img class="brand-mark" src="../../logo.svg" alt="""#),
        "{en}"
    );
    assert!(en.contains(
        r#"<span class="brand-org">University of Shanghai for Science and Technology</span>"#
    ));
    assert!(en.contains(r#"<a class="parent-link" href="https://www.usst.edu.cn/">Main site</a>"#));
    assert!(en.contains(
        r#"<p class="footer-copyright">© University of Shanghai for Science and Technology</p>"#
    ));
    let zh = read(&out.join("zh/index.html"));
    assert!(zh.contains(r#"<p class="footer-copyright">版权所有 © 上海理工大学</p>"#));
    let landing = read(&out.join("index.html"));
    assert!(landing.contains(r#"<img class="landing-mark" src="logo.svg" alt="""#));
    assert!(landing.contains(r#"<p class="landing-org">上海理工大学</p>"#));
    // The seeds give no contact and no ICP number: nothing of them is shown.
    for page in files(&out).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out.join(page));
        for unset in [
            "footer-contact",
            "tel:",
            "mailto:",
            "beian.miit.gov.cn",
            "footer-icp",
        ] {
            assert!(!html.contains(unset), "{page} shows {unset}");
        }
        // The clip-art globe is gone from every page.
        assert!(
            !html.contains(r#"rx="5.6" ry="12.5""#),
            "{page} still draws the globe"
        );
    }
}

#[test]
fn the_default_theme_shows_contact_and_the_icp_number_when_set() {
    let dir = tempfile::tempdir().unwrap();
    let site = default_site(dir.path());
    let yaml = read(&site.join("site.yaml"));
    let yaml = yaml.replace(
        "  parent_url: https://www.usst.edu.cn/\n",
        "  parent_url: https://www.usst.edu.cn/\n  contact:\n    address: { zh: 某路 1 号, en: 1 Some Road }\n    phone: 021 0000 0000\n    email: office@example.org\n  icp: 测ICP备00000000号\n",
    );
    assert!(yaml.contains("icp:"), "site.yaml has the identity block");
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let icp = r#"<p class="footer-icp"><a href="https://beian.miit.gov.cn/" rel="noopener">测ICP备00000000号</a></p>"#;
    for page in [
        "zh/index.html",
        "en/partners/index.html",
        "zh/404.html",
        "index.html",
    ] {
        assert!(
            read(&out.join(page)).contains(icp),
            "{page} has no ICP line"
        );
    }
    let en = read(&out.join("en/index.html"));
    assert!(
        en.contains(r#"<span class="contact-line">1 Some Road</span>"#),
        "{en}"
    );
    assert!(en.contains(r#"Tel. <a href="tel:02100000000">021 0000 0000</a>"#));
    assert!(en.contains(r#"<a href="mailto:office@example.org">office@example.org</a>"#));
    let zh = read(&out.join("zh/index.html"));
    assert!(zh.contains(r#"<span class="contact-line">某路 1 号</span>"#));
}
