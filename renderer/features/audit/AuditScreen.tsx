/**
 * 監査ログ: filter by who, what, when and asset, one page at a time through the log's indexes (a log
 * of a million entries opens as fast as a short one); details in Japanese sentences; verify the hash
 * chain (OK, or the first broken entry) and that the log still extends the head the last signed export
 * carried off the terminal, in workers with progress and cancel: the entries since the last full
 * verification (its checkpoint, shared/domain/auditCheckpoint.ts, saying so on screen) or every entry; show where the log was last
 * anchored and the entries a restore set aside; export the filtered entries as CSV for Excel with
 * their hashes, so the chain can be checked outside.
 */
import { useEffect, useRef, useState } from 'react';
import { auditActionLabels, auditActions } from '../../../shared/domain/auditActions';
import { chainBreakMessages, type AuditEntry, type ChainVerification } from '../../../shared/domain/auditChain';
import { visibleText } from '../../../shared/domain/describeAuditDetails';
import { auditCsvHeader, auditCsvRow, auditRowText, exportAnchorText, NOT_TEXT } from '../../../shared/domain/auditRowText';
import { auditCountText, type AuditFilter } from '../../../shared/domain/filterAudit';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { toCsv } from '../../../shared/domain/toCsv';
import { AUDIT_PAGE_SIZE, completeAuditArchive, getAuditEntry, listAuditMatching, prepareAuditArchive, recordAuditAccess, recordAuditVerification, type AuditCursor, type AuditVerifyProgress, type AuditVerifyScope, type LastExportCheck } from '../../data/auditRepository';
import { fullBecauseMessages } from '../../../shared/domain/auditCheckpoint';
import { auditVerifyFailureMessages, startAuditVerification } from '../../data/auditVerifier';
import { auditHeadMessages } from '../../../shared/domain/auditLog';
import { useAuditCheckpoint, useAuditSegments, useExportAnchors } from './useAuditAnchors';
import { useAuditActors, useAuditPage } from './useAuditPage';
import { writeFailureMessages } from '../../data/writeResult';
import { useDatabase } from '../../data/DatabaseContext';
import { platform } from '../../platform/bridge';
import { useCan, useSectionSettings } from '../shell/SettingsContext';

export function AuditScreen() {
  const db = useDatabase();
  const settings = useSectionSettings();
  const can = useCan();
  const [filter, setFilter] = useState<AuditFilter>({});
  // The pages walked so far, as the cursor each one starts before; empty = the newest page.
  const [cursors, setCursors] = useState<AuditCursor[]>([]);
  const before = cursors.at(-1) ?? null;
  const loaded = useAuditPage(filter, before);
  const actors = useAuditActors() ?? [];
  const [verification, setVerification] = useState<ChainVerification | null>(null);
  // The entry a verification found changed, as it is now (it may be on no page: see getAuditEntry).
  const [broken, setBroken] = useState<AuditEntry | null>(null);
  const [anchorCheck, setAnchorCheck] = useState<LastExportCheck | null>(null);
  const [scope, setScope] = useState<AuditVerifyScope | null>(null);
  const [running, setRunning] = useState<{ progress: AuditVerifyProgress | null; cancel: () => void; full: boolean } | null>(null);
  const anchors = useExportAnchors();
  const checkpoint = useAuditCheckpoint(scope);
  // Every field as text, whatever the record holds (it can be edited by hand like the log).
  const lastExport = exportAnchorText(anchors?.last, settings.dateStyle);
  const segments = useAuditSegments();
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const context = () => ({ at: new Date().toISOString() });

  // Timings for the bench (issue 15): screen open to the first page on screen, and a filter change to its page.
  useState(() => performance.mark('daicho:audit-open'));
  const firstPageShown = useRef(false);
  const filterChangedAt = useRef<number | null>(null);
  useEffect(() => {
    if (!loaded) return;
    if (!firstPageShown.current) {
      firstPageShown.current = true;
      performance.mark('daicho:audit-first-page');
    }
    if (filterChangedAt.current !== null && loaded.filter === filter) {
      performance.measure('daicho:audit-filter', { start: filterChangedAt.current, end: performance.now() });
      filterChangedAt.current = null;
    }
  }, [loaded, filter]);
  // While the next page loads, the previous one stays on screen (no flicker to empty).
  const page = loaded?.page;
  const entries = page?.entries ?? [];
  const firstRow = cursors.length === 0 ? 1 : null;

  /** `full`: every entry; otherwise the entries since the last full verification, where its checkpoint still holds. */
  const verify = async (full: boolean) => {
    setMessage(null);
    setFailure(null);
    setVerification(null);
    setBroken(null);
    setAnchorCheck(null);
    setScope(null);
    const run = startAuditVerification(db, (progress) => setRunning((current) => current && { ...current, progress }), full ? { kind: 'full' } : { kind: 'since-checkpoint', now: new Date() });
    setRunning({ progress: null, cancel: run.cancel, full });
    const outcome = await run.result;
    setRunning(null);
    if (!outcome.ok) return setFailure(auditVerifyFailureMessages[outcome.reason]);
    setVerification(outcome.value.chain);
    if (!outcome.value.chain.ok) setBroken(await getAuditEntry(db, outcome.value.chain.brokenSeq));
    setAnchorCheck(outcome.value.lastExport);
    setScope(outcome.value.scope);
    const recorded = await recordAuditVerification(db, outcome.value, context().at);
    if (!recorded.ok) setFailure(writeFailureMessages[recorded.reason]);
  };

  const exportCsv = async () => {
    setMessage(null);
    const matching = await listAuditMatching(db, filter);
    // 詳細 is for people; the original detail (canonical JSON, as hashed) lets anyone recompute each hash outside.
    const csv = toCsv(auditCsvHeader, matching.entries.map((e) => auditCsvRow(e, matching.numbers, settings.dateStyle)));
    const saved = await platform.saveFile(`監査ログ_${settings.section}_${tokyoDay(new Date())}.csv`, new TextEncoder().encode(csv));
    if (!saved) return;
    await recordAuditAccess(db, { ...context(), action: 'audit.export', outcome: 'success', detail: { count: matching.entries.length, filter: { ...filter } } });
    setMessage(`${matching.entries.length.toLocaleString('ja-JP')}件を書き出しました。`);
  };

  /** Saves entries older than three months to a file, then removes them; the chain stays verifiable. */
  const archive = async () => {
    setMessage(null);
    // Read and written page by page (the window stays responsive however long the log is).
    const built = await prepareAuditArchive(db, new Date());
    if (!built.ok) {
      if ('empty' in built) return setMessage('3か月より前の記録はありません。記録は少なくとも3か月保存します。');
      return setVerification(built.verification);
    }
    const name = `監査ログ保存_${settings.section}_${built.archive.entries[0]!.seq}-${built.archive.entries.at(-1)!.seq}.json`;
    if (!(await platform.saveFile(name, built.bytes))) return;
    const result = await completeAuditArchive(db, built.archive, { now: new Date().toISOString() });
    setMessage(result.ok ? `${result.value}件の記録を「${name}」に保存し、台帳から整理しました。残りの記録は引き続き検証できます。` : writeFailureMessages[result.reason]);
  };

  const set = (change: Partial<AuditFilter>) => {
    filterChangedAt.current = performance.now();
    setFilter((current) => ({ ...current, ...change }));
    setCursors([]);
  };

  return (
    <section className="audit" aria-labelledby="audit-title">
      <h1 id="audit-title">監査ログ</h1>
      <p className="muted">すべての操作の記録です。記録は追記のみで、各記録が直前の記録のハッシュを持つため、書き換えや削除は検証で検出されます（【07】第17条）。</p>
      <div className="card" role="region" aria-labelledby="verify-title">
        <h2 id="verify-title">改ざんの検証</h2>
        <div className="actions actions--start">
          <button type="button" className="primary" disabled={running !== null} onClick={() => void verify(false)}>監査ログを検証</button>
          {checkpoint && <button type="button" disabled={running !== null} onClick={() => void verify(true)}>すべての記録を検証</button>}
          <button type="button" onClick={() => void exportCsv()}>表示中の記録をCSVで書き出す</button>
          {can('audit.archive') && <button type="button" onClick={() => void archive()}>3か月より前の記録を保存して整理</button>}
        </div>
        {checkpoint && !running && (
          <p className="muted">
            前回の完全な検証：{formatDate(checkpoint.verifiedAt, settings.dateStyle)}（{visibleText(checkpoint.verifiedBy)}、記録 #{checkpoint.seq.toLocaleString('ja-JP')} まで）。
            「監査ログを検証」はそれ以降の記録を確かめます。それより前の記録も含めて確かめ直すには「すべての記録を検証」を押してください。
          </p>
        )}
        {running && (
          <div className="audit-progress" role="status">
            <label htmlFor="audit-verify-progress">
              {running.full ? 'すべての記録を' : ''}検証しています…
              {running.progress?.phase === 'tree'
                ? '（前回の書出しとの照合）'
                : running.progress
                  ? `（${running.progress.done.toLocaleString('ja-JP')} / ${running.progress.total.toLocaleString('ja-JP')} 件）`
                  : ''}
              この間も他の画面を使えます。
            </label>
            <progress id="audit-verify-progress" max={Math.max(1, running.progress?.total ?? 1)} value={running.progress?.done ?? 0} />
            <button type="button" onClick={running.cancel}>検証を中止</button>
          </div>
        )}
        {failure && <p className="error" role="alert">{failure}</p>}
        {verification &&
          (verification.ok ? (
            scope?.kind === 'since' ? (
              <p className="success" role="status">
                改ざんは検出されませんでした（前回の完全な検証（{formatDate(scope.checkpoint.verifiedAt, settings.dateStyle)}、記録 #{scope.checkpoint.seq.toLocaleString('ja-JP')} まで）より後の {verification.count.toLocaleString('ja-JP')}件の記録を確認）。
                それより前の記録は、その完全な検証で確認済みです。
              </p>
            ) : (
              <p className="success" role="status">改ざんは検出されませんでした（すべての記録 {verification.count.toLocaleString('ja-JP')}件を確認）。</p>
            )
          ) : (
            <p className="error" role="alert">
              記録 #{verification.brokenSeq} で改ざんを検出しました：{chainBreakMessages[verification.reason]}
              セキュリティ管理者と情報セキュリティ事務局に報告してください。
            </p>
          ))}
        {broken && verification && !verification.ok && (
          <table className="audit-table" aria-label="改ざんを検出した記録の現在の内容">
            <caption>記録 #{verification.brokenSeq} の現在の内容（一覧に表示されない記録も、ここに示します）</caption>
            <thead><tr><th scope="col">番号</th><th scope="col">日時</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">対象</th><th scope="col">結果</th><th scope="col">詳細</th></tr></thead>
            <tbody>
              {[auditRowText(broken, {}, settings.dateStyle)].map((row) => (
                <tr key="broken">
                  <td className="mono">{row.seq}</td><td>{row.at}</td><td>{row.actor}</td><td>{row.action}</td><td className="mono">{row.target}</td><td>{row.outcome}</td>
                  <td className="audit-detail">{row.details.map((line, j) => <div key={j}>{line}</div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {scope?.kind === 'full' && scope.because === 'rewritten' && scope.checkpoint && (
          <p className="error" role="alert">
            前回の完全な検証（{formatDate(scope.checkpoint.verifiedAt, settings.dateStyle)}）で確認した記録 #{scope.checkpoint.seq.toLocaleString('ja-JP')} が、その後に書き換えられたか削除されています。すべての記録を検証しました。
          </p>
        )}
        {scope?.kind === 'full' && fullBecauseMessages[scope.because] && (
          <p className={scope.because === 'unvouched' ? 'error' : 'muted'} role={scope.because === 'unvouched' ? 'alert' : undefined}>
            {fullBecauseMessages[scope.because]}
          </p>
        )}
        {anchorCheck && !anchorCheck.ok && (
          <p className="error" role="alert">
            前回の書出し時の監査ログと一致しません：
            {anchorCheck.reason === 'leaves-missing' ? '記録の一部が見つかりません（記録の削除、または保管の記録の書き換えの可能性）。' : auditHeadMessages[anchorCheck.reason]}
            セキュリティ管理者と情報セキュリティ事務局に報告してください。
          </p>
        )}
        {anchorCheck?.ok && anchorCheck.last && (
          <p className="success" role="status">
            前回の書出し（{exportAnchorText(anchorCheck.last, settings.dateStyle)?.at}）の時点の監査ログが、そのまま続いています
            {scope?.kind === 'since' && anchorCheck.last.size <= scope.checkpoint.seq ? '（その時点までは前回の完全な検証で照合済み）。' : '。'}
          </p>
        )}
        {message && <p className="success" role="status">{message}</p>}
      </div>
      <div className="card" role="region" aria-labelledby="anchor-title">
        <h2 id="anchor-title">端末の外への記録（最後の書出し）</h2>
        <p className="muted">署名付きの台帳を書き出すたびに、監査ログの先頭（記録数とハッシュ）をファイルに入れて署名します。受け取った側（情報セキュリティ事務局）はこれを覚えておき、記録が減った・書き換えられたことを端末の外で検出します。</p>
        {lastExport ? (
          <dl className="fields">
            <div className="fields__row"><dt>日時</dt><dd>{lastExport.at}</dd></div>
            <div className="fields__row"><dt>ファイル</dt><dd>{lastExport.fileName}</dd></div>
            <div className="fields__row"><dt>記録数（先頭の番号）</dt><dd>{lastExport.size}</dd></div>
            <div className="fields__row"><dt>ツリーのハッシュ</dt><dd className="mono">{lastExport.rootHash}</dd></div>
          </dl>
        ) : (
          <p>まだ書き出していません。署名付きの台帳を書き出すと、ここに記録されます。</p>
        )}
      </div>
      {segments && segments.length > 0 && (
        <div className="card" role="region" aria-labelledby="segments-title">
          <h2 id="segments-title">別に保管した記録（復元で置き換えなかった記録）</h2>
          <p className="muted">バックアップから復元しても監査ログは置き換えません。バックアップにだけあった記録は、ここに保管し、引き続き検証できます。</p>
          <table className="audit-table" aria-label="別に保管した記録">
            <thead><tr><th scope="col">保管した日時</th><th scope="col">バックアップの作成日時</th><th scope="col">記録</th><th scope="col">検証</th></tr></thead>
            <tbody>
              {segments.map(({ key, segment, verification: v, named, unreadable }) => unreadable ? (
                <tr key={key}>
                  <td colSpan={4} className="error">保管した記録「{visibleText(key)}」を読み取れません（書き換えの可能性）。セキュリティ管理者と情報セキュリティ事務局に報告してください。</td>
                </tr>
              ) : (
                <tr key={key}>
                  <td>{formatDate(segment.setAsideAt, settings.dateStyle)} {visibleText(segment.setAsideBy)}</td>
                  <td>{formatDate(segment.backupCreatedAt, settings.dateStyle)}</td>
                  <td>{segment.entries.length.toLocaleString('ja-JP')} 件{segment.entries.length > 0 && `（#${segment.entries[0]!.seq}〜#${segment.entries.at(-1)!.seq}）`}</td>
                  <td>{v.ok && named ? '改ざんは検出されませんでした' : !v.ok ? `記録 #${v.brokenSeq} で改ざんを検出：${chainBreakMessages[v.reason]}` : '復元の記録と一致しません（差し替えの可能性）'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="filters" role="search">
        <div className="filters__select">
          <label htmlFor="audit-actor">操作者</label>
          <select id="audit-actor" value={filter.actor ?? ''} onChange={(e) => set({ actor: e.target.value || undefined })}>
            <option value="">すべて</option>
            {/* Names marked where they hold invisible or bidi characters (one name must not pass for another); a
                name whose key is not text lists as its String(), once. */}
            {[...new Set(actors)].map((a) => <option key={a} value={a}>{visibleText(a)}</option>)}
          </select>
        </div>
        <div className="filters__select">
          <label htmlFor="audit-action">操作</label>
          <select id="audit-action" value={filter.action ?? ''} onChange={(e) => set({ action: e.target.value || undefined })}>
            <option value="">すべて</option>
            {auditActions.map((a) => <option key={a} value={a}>{auditActionLabels[a]}</option>)}
          </select>
        </div>
        <div className="filters__select">
          <label htmlFor="audit-from">開始日</label>
          <input id="audit-from" type="date" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
        </div>
        <div className="filters__select">
          <label htmlFor="audit-to">終了日</label>
          <input id="audit-to" type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
        </div>
        <div className="filters__select">
          <label htmlFor="audit-asset">資産の管理番号</label>
          <input id="audit-asset" value={filter.managementNumber ?? ''} onChange={(e) => set({ managementNumber: e.target.value || undefined })} />
        </div>
      </div>
      {filter.actor?.startsWith(NOT_TEXT) && (
        <p className="notice" role="alert">この操作者は文字列でない値で記録されています（記録を直接書き換えた可能性）。この条件では絞り込めません。「監査ログを検証」で確かめ、セキュリティ管理者と情報セキュリティ事務局に報告してください。</p>
      )}
      {page?.unknownAsset && <p className="notice" role="alert">管理番号「{filter.managementNumber}」の資産は台帳にありません。番号を確かめてください。</p>}
      <p className="result-count" role="status">
        {page ? auditCountText({ total: page.total, totalAtLeast: page.totalAtLeast, shown: entries.length, more: page.next !== null }, cursors.length, AUDIT_PAGE_SIZE) : '読み込んでいます…'}
      </p>
      {page && entries.length > 0 && (
        <p className="muted">
          新しい順に{firstRow ? `1〜${entries.length.toLocaleString('ja-JP')}件目` : `${cursors.length + 1}ページ目（${entries.length.toLocaleString('ja-JP')}件）`}を表示しています。
        </p>
      )}
      <table className="audit-table">
        <thead>
          <tr><th scope="col">番号</th><th scope="col">日時</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">対象</th><th scope="col">結果</th><th scope="col">詳細</th></tr>
        </thead>
        <tbody>
          {/* Every cell is text whatever the record holds (a record written by hand: an object as the actor, a
              Date as the key, null as the detail), so no row can stop the screen from drawing. */}
          {entries.map((e, i) => ({ e, i, row: auditRowText(e, page?.numbers ?? {}, settings.dateStyle) })).map(({ e, i, row }) => (
            <tr key={typeof e.seq === 'number' ? e.seq : `row-${i}`} className={row.failure ? 'audit-failure' : undefined}>
              <td className="mono">{row.seq}</td>
              <td>{row.at}</td>
              <td>{row.actor}</td>
              <td>{row.action}</td>
              <td className="mono">{row.target}</td>
              <td>{row.outcome}</td>
              <td className="audit-detail">
                {row.details.map((line, j) => (
                  <div key={j}>{line}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(cursors.length > 0 || page?.next) && (
        <div className="actions actions--start">
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>新しい記録へ</button>
          <button type="button" disabled={!page?.next} onClick={() => page?.next && setCursors((c) => [...c, page.next!])}>古い記録へ</button>
        </div>
      )}
    </section>
  );
}
