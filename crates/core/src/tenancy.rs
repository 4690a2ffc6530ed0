//! Who is acting, and what each role may do: the one place where permissions are decided.
//!
//! Every use case of the platform takes a [`Principal`] and calls [`Principal::require`] with
//! the [`Action`] it performs before it touches the store; every read it makes is scoped by
//! the principal's organisation, so another organisation's object is simply not found (the
//! API answers 404 and never reveals that it exists).

use medcyber_model::platform::{OrgKind, Role};

use crate::CoreError;

/// What a use case does, for the permission check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the portfolio: products, versions, SBOMs, components, findings, vulnerabilities.
    Read,
    /// Change the portfolio: create products and versions, upload SBOMs, import feeds.
    Write,
    /// Record analyses (triage decisions) on findings.
    Triage,
    /// Manage the organisation's users, tokens and sharing grants.
    Administer,
    /// Read the audit log.
    ReadAudit,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 5] = [
        Action::Read,
        Action::Write,
        Action::Triage,
        Action::Administer,
        Action::ReadAudit,
    ];
}

/// Whether `role` may perform `action`.
///
/// | action | owner | admin | security_engineer | auditor | viewer |
/// |---|---|---|---|---|---|
/// | read | yes | yes | yes | yes | yes |
/// | write, triage | yes | yes | yes | no | no |
/// | administer | yes | yes | no | no | no |
/// | read the audit log | yes | yes | no | yes | no |
pub fn permits(role: Role, action: Action) -> bool {
    match action {
        Action::Read => true,
        Action::Write | Action::Triage => {
            matches!(role, Role::Owner | Role::Admin | Role::SecurityEngineer)
        }
        Action::Administer => matches!(role, Role::Owner | Role::Admin),
        Action::ReadAudit => matches!(role, Role::Owner | Role::Admin | Role::Auditor),
    }
}

/// The authenticated actor of a request: a user of one organisation acting with a role (an
/// API token's role, which never exceeds its user's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The user's id.
    pub user: String,
    /// The user's e-mail address.
    pub email: String,
    /// The organisation acted for.
    pub org: String,
    /// Its kind.
    pub org_kind: OrgKind,
    /// The role acted with.
    pub role: Role,
}

impl Principal {
    /// Fails with [`CoreError::Forbidden`] unless the principal's role permits `action`.
    pub fn require(&self, action: Action) -> Result<(), CoreError> {
        if permits(self.role, action) {
            Ok(())
        } else {
            let code = match action {
                Action::Read => "denied-read",
                Action::Write => "denied-write",
                Action::Triage => "denied-triage",
                Action::Administer => "denied-administer",
                Action::ReadAudit => "denied-read-audit",
            };
            Err(CoreError::Forbidden(crate::refusal::Refusal::new(
                code,
                &[("role", self.role.as_str())],
            )))
        }
    }

    /// How the principal is named in the audit log.
    pub fn actor(&self) -> String {
        format!("user:{}", self.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix() {
        let allowed = |role| {
            Action::ALL
                .into_iter()
                .filter(|a| permits(role, *a))
                .count()
        };
        assert_eq!(allowed(Role::Owner), 5);
        assert_eq!(allowed(Role::Admin), 5);
        assert_eq!(allowed(Role::SecurityEngineer), 3);
        assert_eq!(allowed(Role::Auditor), 2);
        assert_eq!(allowed(Role::Viewer), 1);
        assert!(permits(Role::Auditor, Action::ReadAudit));
        assert!(!permits(Role::SecurityEngineer, Action::ReadAudit));
        assert!(!permits(Role::Viewer, Action::Write));
    }
}
