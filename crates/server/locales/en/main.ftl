# medcyber web UI — English. Every message here has its twin in ../ja/main.ftl (a test checks).

skip-to-content = Skip to content
nav-label = Main
nav-dashboard = Dashboard
nav-products = Products
nav-shared = Shared with us
nav-audit = Audit log
nav-account = Account
language = Language
language-apply = Switch
logout = Log out
footer = medcyber — cybersecurity lifecycle of medical devices

role-owner = Owner
role-admin = Administrator
role-security-engineer = Security engineer
role-auditor = Auditor
role-viewer = Viewer
org-kind-manufacturer = Manufacturer
org-kind-hospital = Hospital
org-kind-sharing = Sharing group

error-input = The input was not accepted
error-unauthenticated = Please log in
error-forbidden = Your role does not allow this
error-not-found = Not found
error-conflict = That name is already taken
error-throttled = Too many attempts
error-internal = Something went wrong
error-detail = Technical detail
error-home = Back to the dashboard

login-title = Log in to medcyber
login-email = E-mail address
login-password = Password
login-submit = Log in
login-failed = Wrong e-mail address or password.
login-throttled = Too many failed logins for this address. Try again in 15 minutes.

dashboard-title = Portfolio dashboard
dashboard-summary = Summary
dashboard-products = products
dashboard-versions = product versions
dashboard-findings = findings in current SBOMs
dashboard-kev = known exploited (KEV)
dashboard-unanalysed = not yet analysed
dashboard-by-severity = Findings by severity
dashboard-trend = Findings over the last 30 days
dashboard-trend-all = all findings
dashboard-trend-severe = high and critical
dashboard-epss = Highest exploit probability (EPSS)
dashboard-epss-none = No finding has an EPSS score yet.

severity-critical = Critical
severity-high = High
severity-medium = Medium
severity-low = Low
severity-none = None
severity-unknown = Unknown

col-severity = Severity
col-findings = Findings
col-vulnerability = Vulnerability
col-product = Product
col-component = Component
col-version = Version
col-versions = Versions
col-created = Created
col-sbom = SBOM
col-state = Analysis
col-fixed = Fixed in
col-select = Select
col-select-one = Select { $id }
col-supplier = Supplier
col-when = When
col-author = By
col-scope = Applies to

count-products = { $count ->
    [one] One product
   *[other] { $count } products
}
count-findings = { $count ->
    [one] 1 finding
   *[other] { $count } findings
}
count-components = { $count ->
    [one] 1 component
   *[other] { $count } components
}
count-events = { $count ->
    [one] 1 event
   *[other] { $count } events
}
count-references = { $count ->
    [one] 1 reference
   *[other] { $count } references
}

pager-label = Pages
pager-prev = Previous
pager-next = Next

products-title = Products
products-new = New product
products-create = Create
product-new-version = New version
product-create-version = Add version
product-has-sbom = uploaded
product-no-sbom = no SBOM yet

version-sbom = SBOM
version-no-sbom = No SBOM has been uploaded for this version yet.
version-uploaded = uploaded { $when }
version-components = Components
version-findings = Findings
components-title = Components

quality-title = Quality against the regulatory profiles
quality-profile = Profile
quality-score = Score
quality-result = Result
quality-passed = passed
quality-failed = failed
profile-ntia = NTIA minimum elements
profile-imdrf = IMDRF / MHLW
profile-fda = FDA premarket
profile-bsi = BSI TR-03183-2

upload-file = SBOM file (CycloneDX or SPDX: JSON, XML, YAML, tag-value)
upload-lenient = Accept a document that fails its schema (the problems are listed)
upload-submit = Upload and scan
upload-title = SBOM upload
upload-back = Back to the version
upload-no-file = Choose an SBOM file to upload.
upload-to-findings = See the findings
upload-diagnostics = Problems found in the document

filter-label = Filter findings
filter-severity = At least
filter-any = Any
filter-kev-only = KEV only
filter-kev-not = Not in KEV
filter-state = Analysis
filter-component = Component
filter-vulnerability = Vulnerability id
filter-sort = Sort by
filter-apply = Filter
sort-severity = KEV, then severity
sort-epss = EPSS
sort-vulnerability = Vulnerability
sort-component = Component

state-unanalysed = Not analysed
state-resolved = Resolved
state-resolved-with-pedigree = Resolved (with pedigree)
state-exploitable = Exploitable
state-in-triage = In triage
state-false-positive = False positive
state-not-affected = Not affected
justification-code-not-present = Code not present
justification-code-not-reachable = Code not reachable
justification-requires-configuration = Requires configuration
justification-requires-dependency = Requires dependency
justification-requires-environment = Requires environment
justification-protected-by-compiler = Protected by compiler
justification-protected-at-runtime = Protected at runtime
justification-protected-at-perimeter = Protected at perimeter
justification-protected-by-mitigating-control = Protected by mitigating control
response-can-not-fix = Cannot fix
response-will-not-fix = Will not fix
response-update = Update
response-rollback = Roll back
response-workaround-available = Workaround available

triage-legend = Record an analysis for the selected findings
triage-state = State
triage-justification = Justification
triage-justification-none = (only for “not affected”)
triage-response = Response
triage-detail = Detail and evidence
triage-all-versions = Apply to every version with this component and vulnerability, now and in future uploads
triage-submit = Record analysis
triage-done = { $count ->
    [one] The analysis was recorded for 1 finding.
   *[other] The analysis was recorded for { $count } findings.
}
scope-version = this version
scope-all = every version

finding-evidence = Evidence
finding-source = Source
finding-component-key = Component identity
finding-all-sources = Every source's record of this vulnerability
finding-history = Analysis history
finding-no-history = No analysis yet.

kev-added = Added to KEV
kev-due = Due date
kev-action = Required action
kev-ransomware = Known ransomware use
epss-percentile = percentile
vuln-aliases = Aliases
vuln-published = Published
vuln-modified = Modified
vuln-scores = Severity scores
vuln-kind = Kind
vuln-vector = Vector
vuln-assessor = Assessed by

audit-title = Audit log
audit-action = Action
audit-object = Object
audit-change = Change
audit-hash = Hash
audit-show = Show
audit-before = Before
audit-after = After

account-title = Account
account-users = Users of the organisation
account-tokens = API tokens of the organisation
token-new = New API token
token-role = Role
token-expires-days = Expires after (days)
token-create = Create token
token-created = Token created
token-shown-once = Copy it now: it is shown only once and stored only as a hash.
token-secret = Token
token-expires = Expires
token-status = Status
token-active = active
token-revoked = revoked { $when }
token-revoke = Revoke

shared-title = Products shared with your organisation
shared-none = No manufacturer shares a product with your organisation yet.
shared-by = by { $owner }
shared-with-findings = SBOMs and findings are shared.
shared-sbom-only = SBOMs are shared.
shared-download = Download the SBOM

user-initial-password = Initial password (at least 12 characters)
user-add = Add user
user-change = Change
user-disabled = disabled { $when }
user-role-of = Role of { $email }
user-save-role = Save role
user-disable = Disable
user-enable = Enable
upload-invalid = The document does not follow its schema; the problems are listed below.

grants-title = Shared with customers
grants-grantee = Customer organisation
grants-share-findings = Share the findings and our analyses too
grants-create = Share
grants-none = This product is not shared with any organisation.
grants-what = Shares
grants-revoke = Withdraw
shared-manufacturer-analysis = Manufacturer's analysis

# Background jobs
nav-jobs = Jobs
jobs-title = Background jobs
jobs-intro = Feed imports and re-scans run in the background. Every import that changes the advisory data scans the stored SBOMs of every version again; findings that stay keep their analyses.
jobs-queued = The re-scan is queued; it appears below and runs in a moment.
jobs-rescan-all = Scan every version again
version-rescan = Scan this SBOM again
count-jobs = { $count ->
    [one] 1 job
   *[other] { $count } jobs
}
job-kind = Job
job-status = Status
job-finished = Finished
job-outcome = Outcome
job-kind-import = Feed import
job-kind-rescan = Re-scan
job-status-queued = Queued
job-status-running = Running
job-status-done = Done
job-status-failed = Failed
job-import-result = { $source }: { $added } added, { $updated } updated, { $unchanged } unchanged, { $errors } broken records skipped
job-rescan-result = { $versions ->
    [one] 1 version
   *[other] { $versions } versions
}: { $new } new findings, { $resolved } resolved, { $updated } updated, { $errors } not scanned

# Refusals of the use cases (medcyber_core::refusal::ALL), by code
refused-product-name-invalid = A product's name must be 1 to 200 characters without control characters.
refused-version-invalid = A version must be 1 to 200 characters without control characters.
refused-org-name-invalid = An organisation's name must be 1 to 200 characters without control characters.
refused-email-invalid = “{ $email }” is not an e-mail address.
refused-password-short = The password must have at least { $min } characters.
refused-token-expiry = A token expires after 1 to 3650 days.
refused-share-self = An organisation cannot share a product with itself.
refused-share-taken = The product is already shared with “{ $grantee }”.
refused-triage-justification-needed = A “not affected” decision needs a justification (CycloneDX and CSAF VEX require one).
refused-triage-justification-unexpected = A justification is given only with the state “not affected”.
refused-triage-detail-long = The detail is limited to 20,000 characters.
refused-triage-none = No finding is selected.
refused-triage-too-many = At most 1,000 findings are triaged at once.
refused-taken-organisation = An organisation with that name already exists.
refused-taken-user = A user with that e-mail address already exists.
refused-taken-product = A product with that name already exists.
refused-taken-version = The product already has a version with that name.
refused-taken = A { $what } with that name already exists.
refused-denied-read = The role “{ $role }” may not read the portfolio.
refused-denied-write = The role “{ $role }” may not change the portfolio.
refused-denied-triage = The role “{ $role }” may not record analyses.
refused-denied-administer = The role “{ $role }” may not manage users and tokens.
refused-denied-read-audit = The role “{ $role }” may not read the audit log.
refused-token-role-denied = A token cannot carry the role “{ $role }” for a “{ $own }”.
refused-user-role-denied = A “{ $own }” cannot add a user with the role “{ $role }”.
refused-user-self = A user cannot change their own role or disable themselves.
refused-user-change-denied = A “{ $own }” cannot change a “{ $role }” or give a greater role.
refused-findings-not-shared = The manufacturer does not share the findings of this product.
refused-import-dir-off = Imports from a server-side path are off; start the server with --import-dir.
refused-lifecycle-date-invalid = The { $field } “{ $value }” is not a calendar date (YYYY-MM-DD).
refused-lifecycle-date-order = The { $field } must come before the { $later }.
refused-lifecycle-text-invalid = A note or evidence is limited to 20,000 characters without control characters.
refused-lifecycle-item-unknown = “{ $item }” is not an item of the lifecycle checklist.
refused-lifecycle-done-future = A communication cannot be recorded as done in the future.
refused-lifecycle-evidence-needed = Say where the evidence is (a document, a letter, a link).
refused-support-component-invalid = Name the component by its purl or as name@version (up to 2,000 characters).
refused-support-level-unknown = “{ $level }” is not a level of support (active, limited, none, manufacturer, unknown).
refused-support-empty = Give a level of support or an end-of-support date.

# Lifecycle (IMDRF N70, MHLW guidance 6.6)
nav-lifecycle = Lifecycle
field-release = commercial release
field-end-of-life = end of life
field-end-of-support = end of support
field-done = date of the communication
lifecycle-title = Product lifecycle
lifecycle-intro = Each version's stage from its dates (IMDRF N70, MHLW guidance 6.6): support from the commercial release, limited support from end of life (EOL), end of support from EOS. The customer communications each milestone requires are tracked with their evidence.
lifecycle-window-label = Window
lifecycle-within = Nearing end of support within (days)
lifecycle-today = Judged on { $day } (UTC).
lifecycle-versions = Versions
lifecycle-stage = Stage
lifecycle-release = Commercial release
lifecycle-eol = End of life (EOL)
lifecycle-eos = End of support (EOS)
lifecycle-days-to-eos = Days to EOS
lifecycle-days-left = { $days } days to end of support
lifecycle-overdue = Overdue
lifecycle-due-soon = Due within 90 days
lifecycle-nearing = Nearing EOS
lifecycle-components-past = Components past their end of support
lifecycle-components-past-intro = Components of the current SBOMs whose end-of-support date has passed or whose supplier no longer supports them, from the SBOMs or from the support entered below.
lifecycle-components-none = No component of a current SBOM is past its end of support.
lifecycle-in-version = Product version
lifecycle-open-version = Open
lifecycle-support-entry = Enter a component's support
lifecycle-support-intro = It applies to every version that has the component, and supersedes what the SBOMs say.
lifecycle-component = Component (purl or name@version)
lifecycle-level = Level of support
lifecycle-note = Note
lifecycle-save = Save
lifecycle-saved = Saved.
lifecycle-version-title = Lifecycle of { $version }
lifecycle-dates = Dates
lifecycle-dates-intro = Release, end of life and end of support as planned or declared; the stage follows them. EOS is to be notified at the latest by EOL, and at least two years in advance.
lifecycle-updated = Set by { $who },
lifecycle-checklist = Customer communications
lifecycle-checklist-intro = What each milestone requires the manufacturer to give its customers (MHLW guidance 6.6 Table 2, IMDRF N70 §7.1), with the due date that follows from the version's dates.
lifecycle-milestone = Milestone
lifecycle-item = Communication
lifecycle-due = Due
lifecycle-status = Status
lifecycle-record-col = Record
lifecycle-done = Done on
lifecycle-evidence = Evidence
lifecycle-record = Record as done
lifecycle-partially-verified = wording partially verified
lifecycle-components = Components' support
lifecycle-components-intro = Components of the current SBOM whose level of support or end-of-support date is known, past end of support first.
lifecycle-components-unknown = The current SBOM states no component's support, and none has been entered.
lifecycle-source = Source
lifecycle-source-sbom = SBOM
lifecycle-source-entered = Entered
lifecycle-past = Past EOS
lifecycle-unsupported = Unsupported
lifecycle-to-portfolio = The portfolio's lifecycle
lifecycle-link = Lifecycle and customer communications
stage-development = Development
stage-support = Support
stage-limited-support = Limited support
stage-end-of-support = End of support
milestone-release = Release
milestone-eol = EOL
milestone-eos = EOS
item-status-done = Done
item-status-overdue = Overdue
item-status-due-soon = Due soon
item-status-open = Open
item-status-undated = Not dated
support-level-active = Active
support-level-limited = Limited
support-level-none = No longer supported
support-level-manufacturer = Supported by the manufacturer
support-level-unknown = Unknown
refused-risk-date-invalid = The { $field } “{ $value }” is not a calendar date (YYYY-MM-DD).
refused-risk-date-future = The { $field } cannot be in the future.
refused-risk-harm-unknown = “{ $value }” is not a harm severity.
refused-risk-control-unknown = “{ $value }” is not a risk decision (controlled or uncontrolled).
refused-risk-rationale-needed = Give the rationale of the decision (up to 20,000 characters).
refused-risk-fix-before-aware = A fix cannot be available before the manufacturer became aware.
refused-risk-report-unknown = “{ $report }” is not a regulatory report medcyber knows.
refused-risk-clock-unknown = “{ $clock }” is not a clock of the finding's current risk decision.
refused-risk-reference-needed = Give the reference of what was done (a report number, a letter, a link).

# Medical risk and regulatory clocks
nav-regulatory = Regulatory
field-aware = date of awareness
field-fix-available = date the fix became available
risk-title = Risk and regulatory clocks
risk-heading = Risk and regulatory clocks: { $what }
risk-link = Medical risk and regulatory clocks
risk-current = Current decision
risk-none = No risk decision has been recorded for this finding.
risk-harm = Patient-harm severity
risk-control = FDA postmarket decision
risk-rationale = Rationale
risk-aware = Aware since
risk-fix-available = Fix available since
risk-clocks = Regulatory clocks
risk-no-clocks = No regulatory report is selected in the current decision.
risk-report = Report
risk-clock = Deadline
risk-days-left = { $days } days left
risk-reference = Reference
risk-decide = Record a decision
risk-decide-intro = The severity of the patient harm exploitation could cause (ISO 14971 scale), whether the residual risk is controlled (FDA postmarket guidance), when the manufacturer became aware — the clocks start on it — and which reports apply. The reports are proposed from the decision and KEV, never selected for you; each rule cites its source.
risk-reports = Applicable regulatory reports
risk-suggested = Proposed
risk-save = Record decision
harm-negligible = Negligible
harm-minor = Minor
harm-serious = Serious
harm-critical = Critical
harm-catastrophic = Catastrophic (death)
control-controlled = Controlled risk
control-uncontrolled = Uncontrolled risk
clock-done = Done
clock-overdue = Overdue
clock-due-soon = Due within 7 days
clock-open = Running
clock-not-started = Not started
verified-v = wording verified
verified-p = partially verified
verified-u = not verified: check the source
calendar-title = Regulatory calendar
calendar-intro = Every deadline the current risk decisions start — Japanese malfunction reports, FDA uncontrolled-risk remediation and reports, EU MDR vigilance and CRA reporting — overdue first, then by the month it is due.
calendar-open-only = Only open deadlines
calendar-with-done = Include done deadlines
calendar-none = No deadline: no risk decision selects a regulatory report.
calendar-overdue = Overdue
calendar-not-started = Not started (waiting for a fix)
refused-profile-name-invalid = A profile's name must be 1 to 200 characters without control characters.
refused-profile-metrics-invalid = The CVSS { $version } environment is not valid: { $detail }
refused-profile-empty = Give CVSS 3.x or 4.0 environmental metrics.
refused-taken-profile = The product already has a CVSS profile with that name.
profiles-title = CVSS environments
profiles-intro = The environmental metrics the product's clinical deployment implies (security requirements, modified base metrics; in CVSS 4.0 also the safety impact on subsequent systems), used to rescore every finding of its versions.
profiles-none = No CVSS environment yet.
profiles-name = Environment
profiles-v3 = CVSS 3.x metrics
profiles-v4 = CVSS 4.0 metrics
profiles-create = Add environment
risk-environmental = Scores in the product's environments
risk-environmental-none = No CVSS 3.x or 4.0 vector of this finding is rescored: its product has no CVSS environment for it.
risk-base-vector = Base vector
risk-environmental-vector = In the environment
refused-risk-acceptance-uncontrolled = Only a controlled risk can be accepted.
refused-risk-acceptance-date = An acceptance must last beyond the date of awareness.
refused-risk-acceptance-owner = An acceptance needs both an owner (1 to 200 characters) and an expiry date.
field-accepted-until = acceptance's expiry
risk-acceptance = Risk acceptance
risk-acceptance-intro = A controlled risk accepted until a date, with an owner; the rationale is the reason. After the date the finding is open again until a new decision.
risk-accepted-until = Accepted until
risk-acceptance-owner = Owner
risk-acceptance-until = until { $day }
acceptance-active = Accepted
acceptance-expiring = Expires within 30 days
acceptance-expired = Expired: open again
calendar-acceptances = Risk acceptances
