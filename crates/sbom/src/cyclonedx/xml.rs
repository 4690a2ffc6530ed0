//! CycloneDX XML → the CycloneDX JSON shape, so that one mapping reads both.
//!
//! The XML is read with quick-xml into a small element tree. Hostile input is refused: a
//! document type declaration (and so every entity declaration, external or not) is an error,
//! an entity reference other than the five predefined ones and character references is an
//! error, and nesting deeper than the configured limit is an error. The tree is then converted
//! element by element into the JSON shape of the same CycloneDX version (`components`,
//! `hashes[{alg, content}]`, `licenses[{license: {...}}]`, `dependencies[{ref, dependsOn}]`, …);
//! elements the model does not read become keys that the reader lists as unmapped.
//!
//! Validation against the CycloneDX XSD is [`super::xsd`]'s, after this reader accepted the text.

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use serde_json::{Map, Value};

use crate::schema::CycloneDxVersion;
use crate::{Diagnostic, Location, ReadOptions, SbomError};

/// An XML element: local name, attributes, children and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// The converted document and the problems found.
pub struct Converted {
    /// The document in the JSON shape.
    pub value: Value,
    /// Problems found while converting (none today: schema problems come from the XSD).
    pub diagnostics: Vec<Diagnostic>,
}

fn line_column(text: &str, offset: usize) -> Location {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    Location::LineColumn { line, column }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_owned(),
        None => name.to_owned(),
    }
}

/// Parses the XML into an element tree, refusing DTDs, unknown entities and deep nesting.
fn parse_tree(text: &str, options: &ReadOptions) -> Result<Element, SbomError> {
    let mut reader = Reader::from_str(text);
    let malformed = |offset: usize, message: String| SbomError::Malformed {
        encoding: "XML",
        location: line_column(text, offset),
        message,
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(offset);
            malformed(at, e.to_string())
        })?;
        match event {
            Event::DocType(_) => {
                return Err(SbomError::Forbidden {
                    location: line_column(text, offset),
                    message: "a document type declaration (DTD) is not accepted in an SBOM: \
                              it can declare entities (XXE, entity expansion)"
                        .to_owned(),
                });
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                if stack.len() >= options.max_depth {
                    return Err(SbomError::TooDeep {
                        location: line_column(text, offset),
                        limit: options.max_depth,
                    });
                }
                let mut element = Element {
                    name: local(e.name().as_ref()),
                    ..Element::default()
                };
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|err| malformed(offset, err.to_string()))?;
                    let key = attribute.key.as_ref();
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        continue;
                    }
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|err| malformed(offset, err.to_string()))?;
                    element.attributes.push((local(key), value.into_owned()));
                }
                if is_empty {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                if let Some(element) = stack.pop() {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                }
            }
            Event::Text(t) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => {
                            return Err(SbomError::Forbidden {
                                location: line_column(text, offset),
                                message: format!(
                                    "the entity `&{other};` is not one of XML's predefined entities"
                                ),
                            });
                        }
                    },
                    Err(e) => return Err(malformed(offset, e.to_string())),
                };
                if let Some(current) = stack.last_mut() {
                    current.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(malformed(
            text.len(),
            "unclosed element at end of document".to_owned(),
        ));
    }
    root.ok_or_else(|| malformed(0, "no root element".to_owned()))
}

/// Elements that hold a list of child elements (the XSD's wrapper elements), with the JSON
/// key each child goes into when it differs from the wrapper's.
const LISTS: &[&str] = &[
    "components",
    "services",
    "dependencies",
    "hashes",
    "licenses",
    "externalReferences",
    "properties",
    "authors",
    "tools",
    "vulnerabilities",
    "compositions",
    "annotations",
    "lifecycles",
    "tags",
    "omniborId",
    "swhid",
];

fn text_value(e: &Element) -> Value {
    Value::String(e.text.trim().to_owned())
}

/// Converts an element generically: attributes and children become keys (repeated children
/// an array), text a string. Known CycloneDX structures are handled by [`convert_known`].
fn convert(e: &Element) -> Value {
    if let Some(v) = convert_known(e) {
        return v;
    }
    if e.attributes.is_empty() && e.children.is_empty() {
        return text_value(e);
    }
    if LISTS.contains(&e.name.as_str()) {
        return list(e);
    }
    let mut map = Map::new();
    for (k, v) in &e.attributes {
        map.insert(k.clone(), attribute_value(k, v));
    }
    let mut names: Vec<&str> = Vec::new();
    for c in &e.children {
        if !names.contains(&c.name.as_str()) {
            names.push(&c.name);
        }
    }
    for name in names {
        let items: Vec<Value> = e.children_named(name).map(convert).collect();
        // `url` and `contact` are lists in the JSON shape even when single.
        let value = if items.len() == 1 && !matches!(name, "url" | "contact") {
            items.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(items)
        };
        map.insert(name.to_owned(), value);
    }
    if !e.text.trim().is_empty() && map.is_empty() {
        return text_value(e);
    }
    Value::Object(map)
}

/// Attribute values that are not strings in the JSON shape.
fn attribute_value(name: &str, value: &str) -> Value {
    match name {
        "version" | "tagVersion" => value
            .trim()
            .parse::<u64>()
            .map_or_else(|_| Value::String(value.to_owned()), Value::from),
        "patch" => match value.trim() {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => Value::String(value.to_owned()),
        },
        _ => Value::String(value.to_owned()),
    }
}

fn list(e: &Element) -> Value {
    match e.name.as_str() {
        // <tools><tool/>…</tools> (≤1.4) is an array; <tools><components/><services/></tools>
        // (1.5 on) an object.
        "tools" if e.children.iter().any(|c| c.name != "tool") => Value::Object(
            e.children
                .iter()
                .map(|c| (c.name.clone(), convert(c)))
                .collect(),
        ),
        "licenses" => Value::Array(
            e.children
                .iter()
                .map(|c| {
                    let mut m = Map::new();
                    if c.name == "expression" {
                        m.insert("expression".into(), text_value(c));
                        for (k, v) in &c.attributes {
                            m.insert(k.clone(), attribute_value(k, v));
                        }
                    } else {
                        m.insert(c.name.clone(), convert(c));
                    }
                    Value::Object(m)
                })
                .collect(),
        ),
        _ => Value::Array(e.children.iter().map(convert).collect()),
    }
}

/// The structures whose XML form differs from the JSON form.
fn convert_known(e: &Element) -> Option<Value> {
    let object = |pairs: Vec<(&str, Value)>| {
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Map<String, Value>>(),
        )
    };
    Some(match e.name.as_str() {
        // <hash alg="SHA-256">…</hash>
        "hash" => object(vec![
            (
                "alg",
                Value::String(e.attr("alg").unwrap_or_default().to_owned()),
            ),
            ("content", text_value(e)),
        ]),
        // <property name="…">value</property>
        "property" => object(vec![
            (
                "name",
                Value::String(e.attr("name").unwrap_or_default().to_owned()),
            ),
            ("value", text_value(e)),
        ]),
        // <dependency ref="a"><dependency ref="b"/></dependency>
        "dependency" => {
            let mut pairs = vec![(
                "ref",
                Value::String(e.attr("ref").unwrap_or_default().to_owned()),
            )];
            let depends: Vec<Value> = e
                .children_named("dependency")
                .map(|c| Value::String(c.attr("ref").unwrap_or_default().to_owned()))
                .collect();
            if !depends.is_empty() {
                pairs.push(("dependsOn", Value::Array(depends)));
            }
            let provides: Vec<Value> = e
                .children_named("provides")
                .map(|c| Value::String(c.attr("ref").unwrap_or_default().to_owned()))
                .collect();
            if !provides.is_empty() {
                pairs.push(("provides", Value::Array(provides)));
            }
            object(pairs)
        }
        // <swid tagId=… name=…><text>…</text></swid>: attributes plus an optional text.
        "swid" => {
            let mut map: Map<String, Value> = e
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), attribute_value(k, v)))
                .collect();
            if let Some(t) = e.child("text") {
                map.insert("text".into(), convert(t));
            }
            if let Some(u) = e.child("url") {
                map.insert("url".into(), text_value(u));
            }
            Value::Object(map)
        }
        // <text content-type=… encoding=…>…</text> (attachments)
        "text" if !e.attributes.is_empty() || e.children.is_empty() => {
            let mut map: Map<String, Value> = e
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            if e.attributes.is_empty() {
                return Some(text_value(e));
            }
            map.insert("content".into(), text_value(e));
            Value::Object(map)
        }
        // <reference type="…"><url>…</url><comment>…</comment><hashes/></reference>
        "reference" => {
            let mut map = Map::new();
            for (k, v) in &e.attributes {
                map.insert(k.clone(), Value::String(v.clone()));
            }
            for c in &e.children {
                map.insert(c.name.clone(), convert(c));
            }
            Value::Object(map)
        }
        // Leaf lists of strings.
        "omniborId" | "swhid" | "tags" if !e.children.is_empty() => {
            Value::Array(e.children.iter().map(text_value).collect())
        }
        _ => return None,
    })
}

/// Converts a CycloneDX XML document to its JSON shape and validates it.
pub fn to_json_shape(text: &str, options: &ReadOptions) -> Result<Converted, SbomError> {
    let root = parse_tree(text, options)?;
    if root.name != "bom" {
        return Err(SbomError::NotAnSbom(format!(
            "the root element is `{}`, not a CycloneDX `bom`",
            root.name
        )));
    }
    let version = text
        .find("http://cyclonedx.org/schema/bom/")
        .and_then(|i| text.get(i + 32..i + 35))
        .unwrap_or("")
        .to_owned();
    let mut value = convert(&root);
    if let Value::Object(map) = &mut value {
        map.insert("bomFormat".into(), Value::String("CycloneDX".into()));
        map.insert("specVersion".into(), Value::String(version.clone()));
    }
    if CycloneDxVersion::parse(&version).is_none() {
        return Err(SbomError::UnsupportedVersion {
            format: "CycloneDX",
            version,
        });
    }
    let diagnostics = Vec::new();
    Ok(Converted { value, diagnostics })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtds_and_unknown_entities_are_refused() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6">&x;</bom>"#;
        assert!(matches!(
            to_json_shape(xxe, &ReadOptions::default()),
            Err(SbomError::Forbidden { .. })
        ));
        let entity = r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&x;</name></component></components></bom>"#;
        assert!(matches!(
            to_json_shape(entity, &ReadOptions::default()),
            Err(SbomError::Forbidden { .. })
        ));
    }

    #[test]
    fn structures_convert_to_the_json_shape() {
        let xml = r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library" bom-ref="a">
      <name>zlib &amp; co</name><version>1.3</version>
      <hashes><hash alg="SHA-256">AB</hash></hashes>
      <licenses><license><id>Zlib</id></license><expression>MIT OR Apache-2.0</expression></licenses>
      <properties><property name="k">v</property></properties>
    </component>
  </components>
  <dependencies><dependency ref="a"><dependency ref="b"/></dependency></dependencies>
</bom>"#;
        let c = to_json_shape(xml, &ReadOptions::default()).expect("converts");
        let v = &c.value;
        assert_eq!(v["version"], 1);
        assert_eq!(v["components"][0]["name"], "zlib & co");
        assert_eq!(v["components"][0]["hashes"][0]["content"], "AB");
        assert_eq!(v["components"][0]["licenses"][0]["license"]["id"], "Zlib");
        assert_eq!(
            v["components"][0]["licenses"][1]["expression"],
            "MIT OR Apache-2.0"
        );
        assert_eq!(v["components"][0]["properties"][0]["value"], "v");
        assert_eq!(v["dependencies"][0]["dependsOn"][0], "b");
    }
}
