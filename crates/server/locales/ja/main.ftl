# medcyber web UI — 日本語。各メッセージは ../en/main.ftl と対になる(テストで確認)。

skip-to-content = 本文へ移動
nav-label = メイン
nav-dashboard = ダッシュボード
nav-products = 製品
nav-shared = 共有された製品
nav-audit = 監査ログ
nav-account = アカウント
language = 言語
language-apply = 切り替え
logout = ログアウト
footer = medcyber — 医療機器サイバーセキュリティのライフサイクル管理

role-owner = オーナー
role-admin = 管理者
role-security-engineer = セキュリティエンジニア
role-auditor = 監査担当
role-viewer = 閲覧者
org-kind-manufacturer = 製造販売業者
org-kind-hospital = 医療機関
org-kind-sharing = 情報共有グループ

error-input = 入力を受け付けられませんでした
error-unauthenticated = ログインしてください
error-forbidden = このロールでは実行できません
error-not-found = 見つかりません
error-conflict = その名前は既に使われています
error-throttled = 試行回数が多すぎます
error-internal = 問題が発生しました
error-detail = 技術的な詳細
error-home = ダッシュボードへ戻る

login-title = medcyber にログイン
login-email = メールアドレス
login-password = パスワード
login-submit = ログイン
login-failed = メールアドレスまたはパスワードが違います。
login-throttled = このアドレスでのログイン失敗が多すぎます。15 分後に再度お試しください。

dashboard-title = ポートフォリオ ダッシュボード
dashboard-summary = 概要
dashboard-products = 製品
dashboard-versions = 製品バージョン
dashboard-findings = 現行 SBOM の検出
dashboard-kev = 悪用が確認済み(KEV)
dashboard-unanalysed = 未分析
dashboard-by-severity = 深刻度別の検出
dashboard-trend = 過去 30 日間の検出数
dashboard-trend-all = すべての検出
dashboard-trend-severe = 重要・緊急
dashboard-epss = 悪用可能性が高い検出(EPSS)
dashboard-epss-none = EPSS スコアのある検出はまだありません。

severity-critical = 緊急
severity-high = 重要
severity-medium = 警告
severity-low = 注意
severity-none = なし
severity-unknown = 不明

col-severity = 深刻度
col-findings = 検出
col-vulnerability = 脆弱性
col-product = 製品
col-component = コンポーネント
col-version = バージョン
col-versions = バージョン数
col-created = 作成日時
col-sbom = SBOM
col-state = 分析
col-fixed = 修正版
col-select = 選択
col-select-one = { $id } を選択
col-supplier = 供給者
col-when = 日時
col-author = 実施者
col-scope = 適用範囲

count-products = { $count } 件の製品
count-findings = { $count } 件の検出
count-components = { $count } 個のコンポーネント
count-events = { $count } 件のイベント
count-references = { $count } 件の参考情報

pager-label = ページ
pager-prev = 前へ
pager-next = 次へ

products-title = 製品
products-new = 新しい製品
products-create = 作成
product-new-version = 新しいバージョン
product-create-version = バージョンを追加
product-has-sbom = 登録済み
product-no-sbom = SBOM 未登録

version-sbom = SBOM
version-no-sbom = このバージョンの SBOM はまだ登録されていません。
version-uploaded = { $when } に登録
version-components = コンポーネント一覧
version-findings = 検出
components-title = コンポーネント

quality-title = 規制プロファイルに対する品質
quality-profile = プロファイル
quality-score = スコア
quality-result = 結果
quality-passed = 適合
quality-failed = 不適合
profile-ntia = NTIA 最小要素
profile-imdrf = IMDRF / 厚生労働省
profile-fda = FDA 市販前申請
profile-bsi = BSI TR-03183-2

upload-file = SBOM ファイル(CycloneDX または SPDX:JSON、XML、YAML、タグ値形式)
upload-lenient = スキーマに適合しない文書も受け付ける(問題点を一覧表示)
upload-submit = 登録してスキャン
upload-title = SBOM の登録
upload-back = バージョンへ戻る
upload-no-file = 登録する SBOM ファイルを選んでください。
upload-to-findings = 検出を見る
upload-diagnostics = 文書で見つかった問題

filter-label = 検出の絞り込み
filter-severity = 深刻度(以上)
filter-any = すべて
filter-kev-only = KEV のみ
filter-kev-not = KEV 以外
filter-state = 分析
filter-component = コンポーネント
filter-vulnerability = 脆弱性 ID
filter-sort = 並び順
filter-apply = 絞り込む
sort-severity = KEV、次に深刻度
sort-epss = EPSS
sort-vulnerability = 脆弱性
sort-component = コンポーネント

state-unanalysed = 未分析
state-resolved = 解決済み
state-resolved-with-pedigree = 解決済み(来歴あり)
state-exploitable = 悪用可能
state-in-triage = 調査中
state-false-positive = 誤検出
state-not-affected = 影響なし
justification-code-not-present = 該当コードが存在しない
justification-code-not-reachable = 該当コードに到達しない
justification-requires-configuration = 特定の設定が必要
justification-requires-dependency = 特定の依存関係が必要
justification-requires-environment = 特定の環境が必要
justification-protected-by-compiler = コンパイラにより保護
justification-protected-at-runtime = 実行時に保護
justification-protected-at-perimeter = 境界で保護
justification-protected-by-mitigating-control = 緩和策により保護
response-can-not-fix = 修正できない
response-will-not-fix = 修正しない
response-update = アップデート
response-rollback = ロールバック
response-workaround-available = 回避策あり

triage-legend = 選択した検出に分析を記録
triage-state = 状態
triage-justification = 根拠
triage-justification-none = (「影響なし」の場合のみ)
triage-response = 対応
triage-detail = 詳細と証拠
triage-all-versions = このコンポーネントと脆弱性を含むすべてのバージョンに適用(今後の登録にも適用)
triage-submit = 分析を記録
triage-done = { $count } 件の検出に分析を記録しました。
scope-version = このバージョン
scope-all = すべてのバージョン

finding-evidence = 根拠となる照合
finding-source = 情報源
finding-component-key = コンポーネントの識別子
finding-all-sources = この脆弱性の全情報源の記録
finding-history = 分析の履歴
finding-no-history = 分析はまだありません。

kev-added = KEV 追加日
kev-due = 対応期限
kev-action = 求められる対応
kev-ransomware = ランサムウェアでの悪用
epss-percentile = パーセンタイル
vuln-aliases = 別名
vuln-published = 公開日時
vuln-modified = 更新日時
vuln-scores = 深刻度スコア
vuln-kind = 種類
vuln-vector = ベクトル
vuln-assessor = 評価者

audit-title = 監査ログ
audit-action = 操作
audit-object = 対象
audit-change = 変更内容
audit-hash = ハッシュ
audit-show = 表示
audit-before = 変更前
audit-after = 変更後

account-title = アカウント
account-users = 組織のユーザー
account-tokens = 組織の API トークン
token-new = 新しい API トークン
token-role = ロール
token-expires-days = 有効期間(日)
token-create = トークンを作成
token-created = トークンを作成しました
token-shown-once = 今すぐコピーしてください。表示はこの一度だけで、保存されるのはハッシュのみです。
token-secret = トークン
token-expires = 有効期限
token-status = 状態
token-active = 有効
token-revoked = { $when } に失効
token-revoke = 失効させる

shared-title = 組織に共有された製品
shared-none = 共有されている製品はまだありません。
shared-by = 提供元:{ $owner }
shared-with-findings = SBOM と検出が共有されています。
shared-sbom-only = SBOM が共有されています。
shared-download = SBOM をダウンロード

user-initial-password = 初期パスワード(12 文字以上)
user-add = ユーザーを追加
user-change = 変更
user-disabled = { $when } に無効化
user-role-of = { $email } のロール
user-save-role = ロールを保存
user-disable = 無効にする
user-enable = 有効にする
upload-invalid = 文書がスキーマに適合していません。問題点を以下に示します。

grants-title = 顧客への共有
grants-grantee = 共有先の組織
grants-share-findings = 検出と当社の分析も共有する
grants-create = 共有する
grants-none = この製品はどの組織とも共有されていません。
grants-what = 共有内容
grants-revoke = 共有を取り消す
shared-manufacturer-analysis = 製造販売業者の分析

# Background jobs
nav-jobs = ジョブ
jobs-title = バックグラウンドジョブ
jobs-intro = 脆弱性情報の取り込みと再スキャンはバックグラウンドで実行されます。脆弱性情報が変わる取り込みのたびに、全バージョンの登録済み SBOM を再スキャンします。残る検出の分析結果はそのまま引き継がれます。
jobs-queued = 再スキャンを受け付けました。下の一覧に表示され、まもなく実行されます。
jobs-rescan-all = 全バージョンを再スキャン
version-rescan = この SBOM を再スキャン
count-jobs = { $count } 件のジョブ
job-kind = ジョブ
job-status = 状態
job-finished = 完了日時
job-outcome = 結果
job-kind-import = 脆弱性情報の取り込み
job-kind-rescan = 再スキャン
job-status-queued = 待機中
job-status-running = 実行中
job-status-done = 完了
job-status-failed = 失敗
job-import-result = { $source }:追加 { $added } 件、更新 { $updated } 件、変更なし { $unchanged } 件、破損レコード { $errors } 件をスキップ
job-rescan-result = { $versions } バージョン:新規検出 { $new } 件、解消 { $resolved } 件、更新 { $updated } 件、スキャン不可 { $errors } 件
