//! Sharing between organisations: a manufacturer grants a customer organisation (a hospital, a
//! sharing body) read access to chosen products — their versions and SBOMs, and, when it
//! chooses, their findings with its analyses (its VEX view).
//!
//! The grantee reads through these use cases only: each read checks that a grant from the
//! owning organisation names the product, then reads with the owner's scope. Without a grant,
//! a product is not found, exactly like another organisation's product.

use medcyber_model::platform::{Product, ProductVersion, ShareGrant};
use medcyber_store::{FindingFilter, FindingSort, Page, Paged, SbomRecord, Store, StoredFinding};

use crate::CoreError;
use crate::audit::{self, Event, snapshot};
use crate::refusal::Refusal;
use crate::tenancy::{Action, Principal};

fn not_found(what: &str, id: &str) -> CoreError {
    CoreError::NotFound(format!("no {what} `{id}`"))
}

/// Grants the organisation named `grantee` read access to a product of the principal's
/// organisation.
pub async fn grant(
    store: &Store,
    principal: &Principal,
    grantee: &str,
    product: &str,
    share_findings: bool,
) -> Result<ShareGrant, CoreError> {
    principal.require(Action::Administer)?;
    store
        .product(&principal.org, product)
        .await?
        .ok_or_else(|| not_found("product", product))?;
    let to = store
        .org_by_name(grantee)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no organisation is named `{grantee}`")))?;
    if to.id == principal.org {
        return Err(CoreError::Refused(Refusal::new("share-self", &[])));
    }
    let grant = ShareGrant {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        grantee: to.id,
        product: product.to_owned(),
        share_findings,
        created: medcyber_store::now(),
        created_by: principal.actor(),
    };
    let mut change = store.change().await?;
    change.insert_grant(&grant).await.map_err(|e| match e {
        medcyber_store::StoreError::Conflict { .. } => {
            CoreError::Refused(Refusal::new("share-taken", &[("grantee", grantee)]))
        }
        other => other.into(),
    })?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "grant.create",
            object_kind: "share_grant",
            object_id: &grant.id,
            before: None,
            after: snapshot(&grant),
        },
    )
    .await?;
    change.commit().await?;
    Ok(grant)
}

/// The grants the principal's organisation has made.
pub async fn grants(store: &Store, principal: &Principal) -> Result<Vec<ShareGrant>, CoreError> {
    principal.require(Action::Administer)?;
    Ok(store.grants(&principal.org).await?)
}

/// Withdraws a grant of the principal's organisation.
pub async fn revoke(store: &Store, principal: &Principal, id: &str) -> Result<(), CoreError> {
    principal.require(Action::Administer)?;
    let mut change = store.change().await?;
    let grant = change
        .delete_grant(&principal.org, id)
        .await?
        .ok_or_else(|| not_found("grant", id))?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "grant.delete",
            object_kind: "share_grant",
            object_id: id,
            before: snapshot(&grant),
            after: None,
        },
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// A product shared with the principal's organisation, with its versions.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SharedProduct {
    /// The product.
    pub product: Product,
    /// The owning organisation's name.
    pub owner: String,
    /// Whether its findings are shared.
    pub share_findings: bool,
    /// Its versions.
    pub versions: Vec<ProductVersion>,
}

/// The products shared with the principal's organisation.
pub async fn shared(store: &Store, principal: &Principal) -> Result<Vec<SharedProduct>, CoreError> {
    principal.require(Action::Read)?;
    let mut out = Vec::new();
    for (grant, product) in store.grants_to(&principal.org).await? {
        let owner = store
            .org(&grant.org)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let versions = store.versions(&grant.org, &product.id).await?;
        out.push(SharedProduct {
            product,
            owner,
            share_findings: grant.share_findings,
            versions,
        });
    }
    Ok(out)
}

async fn shared_version(
    store: &Store,
    principal: &Principal,
    version: &str,
) -> Result<(ProductVersion, ShareGrant), CoreError> {
    principal.require(Action::Read)?;
    store
        .shared_version(&principal.org, version)
        .await?
        .ok_or_else(|| not_found("product version", version))
}

/// The current SBOM of a shared version: its record and its text.
pub async fn shared_sbom(
    store: &Store,
    principal: &Principal,
    version: &str,
) -> Result<(SbomRecord, String), CoreError> {
    let (v, grant) = shared_version(store, principal, version).await?;
    let id = v.sbom.ok_or_else(|| {
        CoreError::NotFound(format!("product version `{version}` has no SBOM yet"))
    })?;
    let record = store
        .sbom(&grant.org, &id)
        .await?
        .ok_or_else(|| not_found("SBOM", &id))?;
    let content = store
        .sbom_content(&grant.org, &id)
        .await?
        .unwrap_or_default();
    Ok((record, content))
}

/// The findings of a shared version with the owner's analyses, when the owner shares them.
pub async fn shared_findings(
    store: &Store,
    principal: &Principal,
    version: &str,
    filter: &FindingFilter,
    sort: FindingSort,
    page: Page,
) -> Result<Paged<StoredFinding>, CoreError> {
    let (v, grant) = shared_version(store, principal, version).await?;
    if !grant.share_findings {
        return Err(CoreError::Forbidden(Refusal::new(
            "findings-not-shared",
            &[],
        )));
    }
    Ok(store
        .findings(&grant.org, &v.id, filter, sort, page)
        .await?)
}
