//! OpenVEX 0.2.0: one statement per (vulnerability, standing), its products the SBOM's
//! described product (by purl, else its name) with the affected components as subcomponents —
//! or the components themselves when the SBOM describes no product. `affected` statements
//! carry an action statement, `not_affected` ones the justification and impact statement.

use serde_json::{Value, json};

use crate::{
    Context, Standing, action, by_vulnerability, standing, subject, to_csaf_justification,
};
use medcyber_model::Finding;

fn identifier(purl: Option<&str>, cpe: Option<&str>, bom_ref: &str) -> String {
    purl.or(cpe)
        .map(str::to_owned)
        .unwrap_or_else(|| bom_ref.to_owned())
}

fn component_id(f: &Finding) -> String {
    identifier(
        f.component.purl.as_deref(),
        f.component.cpe.as_deref(),
        &f.component.bom_ref,
    )
}

pub fn write(ctx: &Context<'_>) -> Value {
    let product = subject(ctx.sbom);
    let mut statements = Vec::new();
    for (id, findings) in by_vulnerability(ctx.findings) {
        let mut by_standing: std::collections::BTreeMap<Standing, Vec<&Finding>> =
            std::collections::BTreeMap::new();
        for f in findings {
            by_standing.entry(standing(f)).or_default().push(f);
        }
        for (st, fs) in by_standing {
            let subs: Vec<Value> = fs.iter().map(|f| json!({"@id": component_id(f)})).collect();
            let products = match product {
                Some(p) => {
                    let mut prod = json!({
                        "@id": identifier(p.purl.as_deref(), p.cpe.as_deref(), &format!("{}{}", p.name, p.version.as_deref().map(|v| format!("@{v}")).unwrap_or_default())),
                        "subcomponents": subs,
                    });
                    if let Some(purl) = &p.purl {
                        prod["identifiers"] = json!({"purl": purl});
                    }
                    vec![prod]
                }
                None => subs,
            };
            let first = fs[0];
            let mut statement = json!({
                "vulnerability": {"name": id, "aliases": first.vulnerability.aliases},
                "products": products,
                "status": match st {
                    Standing::Affected => "affected",
                    Standing::NotAffected => "not_affected",
                    Standing::Fixed => "fixed",
                },
                "timestamp": ctx.timestamp,
            });
            match st {
                Standing::Affected => {
                    let actions: Vec<String> = fs.iter().map(|f| action(f)).collect();
                    statement["action_statement"] = json!(actions.join(" "));
                }
                Standing::NotAffected => {
                    let s = first.suppressed_by.as_ref();
                    let label = s
                        .and_then(|s| s.justification.as_deref())
                        .and_then(to_csaf_justification);
                    let detail = s.and_then(|s| s.detail.clone());
                    match label {
                        Some(l) => statement["justification"] = json!(l),
                        None => {
                            // OpenVEX needs a justification or an impact statement.
                            statement["impact_statement"] =
                                json!(detail.clone().unwrap_or_else(|| format!(
                                    "Not affected, as stated in {}",
                                    s.map(|s| s.source.as_str()).unwrap_or("a VEX document")
                                )));
                        }
                    }
                    if let Some(d) = detail {
                        statement["impact_statement"] = json!(d);
                    }
                }
                Standing::Fixed => {}
            }
            statements.push(statement);
        }
    }
    json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": format!("urn:uuid:{}", crate::document_uuid(ctx, "openvex")),
        "author": ctx.author,
        "role": "Document Creator",
        "timestamp": ctx.timestamp,
        "version": 1,
        "tooling": format!("medcyber {}", ctx.tool_version),
        "statements": statements,
    })
}
