/**
 * 棚卸 (stock-take): start a session for one 所在 or the whole section, then scan labels. A USB barcode
 * scanner types the code and Enter, about 10 codes a second: the input is uncontrolled (React never
 * rewrites it between keystrokes), each code is matched in memory at once against an index of the
 * ledger, and scans are saved in small batches a few times a second, never one write per key. The
 * confirmation is visual and read out politely (aria-live), with no sound. At the end the database
 * matches what it stored, and the screen offers the follow-ups.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { assetStatusLabels } from '../../../shared/domain/asset';
import { visibleText } from '../../../shared/domain/describeAuditDetails';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { sanitizeText } from '../../../shared/domain/sanitizeText';
import { addToTally, classifyScan, describeScope, emptyScanTally, indexAssets, inScope as scopeCovers, type ScanOutcome, type ScanTally, type StockTakeResult, type StockTakeScan, type StockTakeScope, type StockTakeSession } from '../../../shared/domain/stockTake';
import { useDatabase } from '../../data/DatabaseContext';
import { finishStockTake, getStockTakeResult, listStockTakeScans, recordScans, reportLoss, startReviewOfMissing, startStockTake, updateFoundLocations } from '../../data/stockTakeRepository';
import { useAssets } from '../../data/useLedger';
import { writeFailureMessages, type WriteFailure } from '../../data/writeResult';
import { Notice, type Message } from '../shell/Notice';
import { useCan, useSectionSettings } from '../shell/SettingsContext';
import { useOneAtATime } from '../shell/useOneAtATime';
import { useStockTake, useStockTakes } from './useStockTakes';

/** How often buffered scans are saved (ms): at 10 codes a second, about 4 per batch. */
const flushIntervalMs = 400;

const outcomeText: Record<ScanOutcome['kind'], string> = {
  found: '確認しました',
  moved: '台帳の所在と違います（所在が変わった資産）',
  otherSection: 'ほかの課のラベルです',
  notActive: '廃止・廃棄済みの資産です',
  unknown: '台帳にない番号です',
  duplicate: 'すでに読み取り済みです',
};

export function StockTakeScreen({ onOpenAsset }: { onOpenAsset: (id: string) => void }) {
  const [sessionId, setSessionId] = useState<number | null>(null);
  // Scans that could not be saved, said here and not in the scan view: that view may be gone by then
  // (the session finished in another window, or the clerk left it) while its last batch was being saved.
  const [lost, setLost] = useState<Message>(null);
  const onLost = useCallback((text: string) => setLost({ kind: 'error', text }), []);
  const session = useStockTake(sessionId);
  const open = (id: number) => {
    setLost(null);
    setSessionId(id);
  };
  const view =
    sessionId !== null && session ? (
      session.state === 'open' ? (
        <ScanSession session={session} onLeave={() => setSessionId(null)} onLost={onLost} />
      ) : (
        <SessionResult session={session} onOpenAsset={onOpenAsset} onLeave={() => setSessionId(null)} />
      )
    ) : (
      <StartSession onOpen={open} />
    );
  return (
    <>
      <Notice message={lost} />
      {view}
    </>
  );
}

function StartSession({ onOpen }: { onOpen: (id: number) => void }) {
  const db = useDatabase();
  const can = useCan();
  const settings = useSectionSettings();
  const stored = useStockTakes();
  const sessions = stored?.sessions ?? [];
  const unreadable = stored?.unreadable ?? [];
  const { all } = useAssets(0);
  const [kind, setKind] = useState<'location' | 'section'>('location');
  const [location, setLocation] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const locations = useMemo(() => [...new Set((all ?? []).filter((a) => a.status === 'active').map((a) => a.location))].sort(), [all]);
  const once = useOneAtATime();

  const start = async () => {
    // As the data layer keeps it: invisible characters removed (a place of nothing else is no place).
    const place = sanitizeText(location);
    if (kind === 'location' && place === '') return setMessage({ kind: 'error', text: '棚卸をする所在を入力するか、一覧から選んでください。' });
    const scope: StockTakeScope = kind === 'section' ? { kind: 'section' } : { kind: 'location', location: place };
    const result = await startStockTake(db, scope, settings.section, { now: new Date().toISOString() });
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    onOpen(result.value.id!);
  };

  return (
    <section aria-labelledby="stocktake-title">
      <h1 id="stocktake-title">棚卸</h1>
      <p className="muted">台帳の資産が台帳の所在に本当にあるかを、ラベルの QR コード・バーコードを読み取って確かめます。読取り機（USB のバーコードリーダー）は読み取った番号を入力して Enter を送ります。手で管理番号を入力して Enter でも記録できます。</p>
      {can('stockTake.record') ? (
        <form className="card" aria-labelledby="stocktake-start" onSubmit={(e) => { e.preventDefault(); void once.run(start); }}>
          <h2 id="stocktake-start">棚卸を始める</h2>
          <fieldset className="field">
            <legend>範囲</legend>
            <label><input type="radio" name="scope" checked={kind === 'location'} onChange={() => setKind('location')} /> 所在を指定</label>{' '}
            <label><input type="radio" name="scope" checked={kind === 'section'} onChange={() => setKind('section')} /> 課全体（{settings.section}）</label>
          </fieldset>
          {kind === 'location' && (
            <div className="field">
              <label htmlFor="stocktake-location">棚卸をする所在</label>
              <input id="stocktake-location" list="stocktake-locations" value={location} onChange={(e) => setLocation(e.target.value)} maxLength={100} />
              <datalist id="stocktake-locations">{locations.map((l) => <option key={l} value={l} />)}</datalist>
            </div>
          )}
          <Notice message={message} />
          <div className="actions actions--start"><button type="submit" disabled={once.busy}>棚卸を始める</button></div>
        </form>
      ) : (
        <p className="notice">この役割では棚卸を行えません。結果を見ることはできます。</p>
      )}
      <div className="card" role="region" aria-labelledby="stocktake-history">
        <h2 id="stocktake-history">これまでの棚卸（{sessions.length}件）</h2>
        {unreadable.length > 0 && (
          <Notice message={{ kind: 'error', text: `棚卸の記録 ${unreadable.length}件（番号 ${unreadable.slice(0, 20).map(visibleText).join('・')}${unreadable.length > 20 ? ' ほか' : ''}）を読み取れないため表示していません（書き換えられた可能性があります）。セキュリティ管理者と情報セキュリティ事務局に報告し、その棚卸は改めて行ってください。` }} />
        )}
        {sessions.length === 0 ? <p className="muted">まだ棚卸の記録はありません。</p> : (
          <table className="audit-table" aria-label="これまでの棚卸">
            <thead><tr><th scope="col">開始</th><th scope="col">範囲</th><th scope="col">実施者</th><th scope="col">状態</th><th scope="col">結果</th><th scope="col">操作</th></tr></thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{formatDate(s.startedAt, settings.dateStyle)}</td>
                  <td>{describeScope(s.scope)}</td>
                  <td>{s.startedBy}</td>
                  <td>{s.state === 'open' ? '実施中' : '終了'}</td>
                  <td>{s.summary ? `確認 ${s.summary.found}・所在違い ${s.summary.moved}・未確認 ${s.summary.missing}` : '—'}</td>
                  <td><button type="button" className="link" onClick={() => onOpen(s.id!)}>{s.state === 'open' ? '続ける' : '結果を見る'}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** Failures a later attempt cannot mend: the batch is not kept for a retry. */
const neverSaved: ReadonlySet<WriteFailure> = new Set(['session-closed', 'scan-limit']);

function ScanSession({ session, onLeave, onLost }: { session: StockTakeSession; onLeave: () => void; onLost: (text: string) => void }) {
  const db = useDatabase();
  const settings = useSectionSettings();
  const { all } = useAssets(0);
  const sessionId = session.id!;
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<StockTakeScan[]>([]);
  const inFlight = useRef<Promise<void> | null>(null);
  const seen = useRef(new Set<string>());
  // Counts, the last scan and the newest problems, each scan added in constant work (not a growing list copied and recounted per scan).
  const [tally, setTally] = useState<ScanTally>(emptyScanTally);
  const [unsaved, setUnsaved] = useState(0);
  const [notSaved, setNotSaved] = useState(0);
  const [message, setMessage] = useState<Message>(null);
  const [loaded, setLoaded] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const index = useMemo(() => (all ? indexAssets(all) : null), [all]);

  // Resume: the scans already stored are matched again (a session may be continued after a break).
  useEffect(() => {
    if (!index || loaded) return;
    void listStockTakeScans(db, sessionId).then((stored) => {
      seen.current = new Set();
      setTally(addToTally(emptyScanTally, stored.map((scan) => classifyScan(scan, index, session.scope, session.section, seen.current))));
      setLoaded(true);
    });
  }, [db, index, loaded, session.scope, session.section, sessionId]);
  // Focus once the field is enabled (a disabled field cannot take it).
  useEffect(() => {
    if (loaded) input.current?.focus();
  }, [loaded]);

  const flush = useCallback(async (): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    if (pending.current.length === 0) return;
    const batch = pending.current;
    pending.current = [];
    inFlight.current = (async () => {
      const result = await recordScans(db, sessionId, batch);
      if (!result.ok && neverSaved.has(result.reason)) {
        // No retry can save these (the session ended in another window, or is full): said with their count, not promised for later.
        const lost = batch.length + pending.current.length;
        pending.current = [];
        setNotSaved((n) => n + lost);
        onLost(`${writeFailureMessages[result.reason]}（保存していない読取り：${lost.toLocaleString('ja-JP')}件）`);
      } else if (!result.ok) {
        // Kept, in order, for the next attempt: nothing scanned is dropped because a write failed.
        pending.current = [...batch, ...pending.current];
        setMessage({ kind: 'error', text: `読み取った番号を保存できませんでした（あとで自動で保存し直します）。${writeFailureMessages[result.reason]}` });
      }
      setUnsaved(pending.current.length);
    })().finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  }, [db, sessionId, onLost]);

  useEffect(() => {
    const timer = window.setInterval(() => void flush(), flushIntervalMs);
    return () => {
      window.clearInterval(timer);
      void flush();
    };
  }, [flush]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    // Enter that confirms an IME conversion is not the end of a code.
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    const field = event.currentTarget;
    const code = field.value;
    field.value = '';
    if (code.trim() === '' || !index) return;
    const scan = { code, at: new Date().toISOString() };
    pending.current.push(scan);
    setUnsaved(pending.current.length);
    const outcome = classifyScan(scan, index, session.scope, session.section, seen.current);
    setTally((previous) => addToTally(previous, [outcome]));
  };

  const finish = async () => {
    setFinishing(true);
    // Everything scanned is stored before the database matches it (a few tries; a failure stays shown).
    for (let attempt = 0; attempt < 5 && (pending.current.length > 0 || inFlight.current); attempt++) {
      if (inFlight.current) await inFlight.current;
      await flush();
    }
    if (pending.current.length > 0) {
      setFinishing(false);
      return;
    }
    const result = await finishStockTake(db, sessionId, { now: new Date().toISOString() });
    setFinishing(false);
    if (!result.ok) setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
  };

  const { counts, last, problems } = tally;
  const problemCount = tally.total - counts.found - counts.duplicate;
  const inScope = useMemo(() => (all ?? []).filter((a) => a.status === 'active' && scopeCovers(session.scope, a.location)).length, [all, session.scope]);

  return (
    <section aria-labelledby="stocktake-session-title">
      <h1 id="stocktake-session-title">棚卸中：{describeScope(session.scope)}</h1>
      <p className="muted">開始 {formatDate(session.startedAt, settings.dateStyle)}（{session.startedBy}）。ラベルを読み取るか、管理番号を入力して Enter を押してください。</p>
      <div className="card stocktake-scan">
        <label htmlFor="stocktake-code" className="stocktake-scan__label">読み取った番号</label>
        <input
          id="stocktake-code"
          ref={input}
          className="stocktake-scan__input mono"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          disabled={!loaded || finishing}
          onKeyDown={onKeyDown}
          onBlur={(e) => {
            // Keep scanning into the field: a click on empty space must not send the next codes nowhere.
            if (e.relatedTarget === null && !finishing) window.setTimeout(() => input.current?.focus(), 0);
          }}
        />
        <p className={`stocktake-last stocktake-last--${last?.kind ?? 'none'}`} role="status" aria-live="polite" aria-atomic="true">
          {last ? `${last.kind === 'found' ? '✓' : '!'} ${'asset' in last ? `${last.asset.managementNumber} ${last.asset.name}` : last.code}：${outcomeText[last.kind]}` : '読み取りを待っています'}
        </p>
        <p className="stocktake-counts" aria-label="読取りの件数">
          <span>読取り {tally.total}件</span>
          <span>確認 {counts.found}件（対象 {inScope}件）</span>
          <span>所在違い {counts.moved}件</span>
          <span>他課 {counts.otherSection}件</span>
          <span>廃止・廃棄済み {counts.notActive}件</span>
          <span>台帳にない {counts.unknown}件</span>
          <span>重複 {counts.duplicate}件</span>
          <span>{unsaved > 0 ? `保存待ち ${unsaved}件` : notSaved > 0 ? `保存できなかった読取り ${notSaved.toLocaleString('ja-JP')}件` : 'すべて保存済み'}</span>
        </p>
        <Notice message={message} />
      </div>
      {problemCount > 0 && <ProblemScans problems={problems} total={problemCount} />}
      <div className="actions actions--start">
        <button type="button" onClick={() => void finish()} disabled={finishing}>棚卸を終了して結果を見る</button>
        <button type="button" className="link" onClick={() => void flush().then(onLeave)}>中断して一覧に戻る（あとで続けられます）</button>
      </div>
    </section>
  );
}

/**
 * The newest scans that need a look. Memoised and keyed by position in the session: a scan that is
 * found leaves the table untouched, and a new problem adds one row (and drops the oldest shown) instead
 * of rebuilding all 200, so the table costs nothing per scan however long the session runs.
 */
const ProblemScans = memo(function ProblemScans({ problems, total }: { problems: ScanTally['problems']; total: number }) {
  return (
    <div className="card stocktake-problems" role="region" aria-labelledby="stocktake-problems">
      <h2 id="stocktake-problems">確かめが必要な読取り（{total}件{total > problems.length ? `、新しい${problems.length}件を表示` : ''}）</h2>
      <table className="audit-table" aria-label="確かめが必要な読取り">
        <thead><tr><th scope="col">番号</th><th scope="col">内容</th><th scope="col">台帳の所在</th></tr></thead>
        <tbody>
          {problems.map(({ seq, outcome: o }) => (
            <tr key={seq}>
              <td className="mono">{o.code}</td>
              <td>{outcomeText[o.kind]}{o.kind === 'notActive' ? `（${assetStatusLabels[o.status]}）` : ''}{o.kind === 'otherSection' ? `（${o.section}）` : ''}</td>
              <td>{o.kind === 'moved' ? o.ledgerLocation : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

function SessionResult({ session, onOpenAsset, onLeave }: { session: StockTakeSession; onOpenAsset: (id: string) => void; onLeave: () => void }) {
  const db = useDatabase();
  const can = useCan();
  const settings = useSectionSettings();
  const [result, setResult] = useState<StockTakeResult | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [movedChosen, setMovedChosen] = useState<Set<string>>(new Set());
  const [missingChosen, setMissingChosen] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [version, setVersion] = useState(0);
  const sessionId = session.id!;
  // One follow-up at a time: a double-click would report the loss twice or record the review twice.
  const once = useOneAtATime();

  useEffect(() => {
    void getStockTakeResult(db, sessionId).then(setResult);
  }, [db, sessionId, version]);

  if (!result) return <p role="status">結果を読み込んでいます…</p>;
  // Missing as recorded at the end (the ledger may have changed since; the record is what counts).
  const missingIds = new Set(session.missingAssetIds);
  const missing = result.missing.filter((a) => missingIds.has(a.id));
  const toggle = (set: Set<string>, id: string, update: (s: Set<string>) => void) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    update(next);
  };
  const done = (text: string) => {
    setMessage({ kind: 'ok', text });
    setVersion((v) => v + 1);
  };
  const now = () => ({ now: new Date().toISOString() });

  const updateLocations = async () => {
    const r = await updateFoundLocations(db, sessionId, [...movedChosen], now());
    if (!r.ok) return setMessage({ kind: 'error', text: writeFailureMessages[r.reason] });
    setMovedChosen(new Set());
    done(`${r.value.length}件の所在を更新しました。`);
  };
  const review = async () => {
    const r = await startReviewOfMissing(db, sessionId, [...missingChosen], { ...now(), today: tokyoDay(new Date()) });
    if (!r.ok) return setMessage({ kind: 'error', text: writeFailureMessages[r.reason] });
    done(`${r.value}件を見直しの対象にしました（次回見直し日を今日にしました）。「見直し」画面で確認してください。`);
  };
  const loss = async () => {
    const r = await reportLoss(db, sessionId, [...missingChosen], note, now());
    if (!r.ok) return setMessage({ kind: 'error', text: writeFailureMessages[r.reason] });
    done(`${r.value.join('、')} を所在不明として報告し、監査ログに記録しました。セキュリティ管理者と情報セキュリティ事務局への報告（【10】第6条）も忘れずに行ってください。`);
  };

  return (
    <section aria-labelledby="stocktake-result-title">
      <h1 id="stocktake-result-title">棚卸の結果：{describeScope(session.scope)}</h1>
      <p className="muted">
        {formatDate(session.startedAt, settings.dateStyle)} 開始（{session.startedBy}）・{session.finishedAt ? `${formatDate(session.finishedAt, settings.dateStyle)} 終了（${session.finishedBy ?? ''}）` : ''}。監査ログに記録しました。
      </p>
      {session.summary && (
        <p className="stocktake-counts" aria-label="棚卸の件数">
          <span>読取り {session.summary.scans}件</span><span>確認 {session.summary.found}件</span><span>所在違い {session.summary.moved}件</span>
          <span>見つからない {session.summary.missing}件</span><span>他課 {session.summary.otherSection}件</span><span>廃止・廃棄済み {session.summary.notActive}件</span><span>台帳にない {session.summary.unknown}件</span>
        </p>
      )}
      <Notice message={message} />
      <div className="card" role="region" aria-labelledby="stocktake-missing">
        <h2 id="stocktake-missing">見つからなかった資産（{missing.length}件）</h2>
        {missing.length === 0 ? <p className="muted">範囲内の使用中の資産はすべて確認できました。</p> : (
          <>
            <table className="audit-table" aria-label="見つからなかった資産">
              <thead><tr><th scope="col">選択</th><th scope="col">管理番号</th><th scope="col">名称</th><th scope="col">台帳の所在</th></tr></thead>
              <tbody>
                {missing.map((a) => (
                  <tr key={a.id}>
                    <td><input type="checkbox" aria-label={`${a.managementNumber} を選ぶ`} checked={missingChosen.has(a.id)} onChange={() => toggle(missingChosen, a.id, setMissingChosen)} /></td>
                    <td className="mono"><button type="button" className="link" onClick={() => onOpenAsset(a.id)}>{a.managementNumber}</button></td>
                    <td>{a.name}</td>
                    <td>{a.location}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="field">
              <label htmlFor="stocktake-loss-note">報告の内容（探した場所など）</label>
              <textarea id="stocktake-loss-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
            </div>
            <div className="actions actions--start">
              {can('asset.review') && <button type="button" disabled={missingChosen.size === 0 || once.busy} onClick={() => void once.run(review)}>選んだ資産の見直しを始める</button>}
              {can('stockTake.reportLoss') && <button type="button" disabled={missingChosen.size === 0 || once.busy} onClick={() => void once.run(loss)}>選んだ資産を所在不明として報告</button>}
            </div>
          </>
        )}
      </div>
      <div className="card" role="region" aria-labelledby="stocktake-moved">
        <h2 id="stocktake-moved">所在が台帳と違う資産（{result.moved.length}件）</h2>
        {result.moved.length === 0 ? <p className="muted">ありません。</p> : (
          <>
            <table className="audit-table" aria-label="所在が台帳と違う資産">
              <thead><tr><th scope="col">選択</th><th scope="col">管理番号</th><th scope="col">名称</th><th scope="col">台帳の所在</th><th scope="col">見つかった所在</th></tr></thead>
              <tbody>
                {result.moved.map((m) => (
                  <tr key={m.asset.id}>
                    <td><input type="checkbox" aria-label={`${m.asset.managementNumber} を選ぶ`} checked={movedChosen.has(m.asset.id)} onChange={() => toggle(movedChosen, m.asset.id, setMovedChosen)} /></td>
                    <td className="mono"><button type="button" className="link" onClick={() => onOpenAsset(m.asset.id)}>{m.asset.managementNumber}</button></td>
                    <td>{m.asset.name}</td>
                    <td>{m.ledgerLocation}</td>
                    <td>{session.scope.kind === 'location' ? session.scope.location : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {session.scope.kind === 'location' && can('asset.update') && (
              <div className="actions actions--start">
                <button type="button" disabled={movedChosen.size === 0 || once.busy} onClick={() => void once.run(updateLocations)}>選んだ資産の所在を「{session.scope.location}」に更新</button>
              </div>
            )}
          </>
        )}
      </div>
      {(result.otherSection.length > 0 || result.notActive.length > 0 || result.unknown.length > 0) && (
        <div className="card" role="region" aria-labelledby="stocktake-others">
          <h2 id="stocktake-others">この課の使用中の資産ではない読取り</h2>
          <ul>
            {result.otherSection.map((o, i) => <li key={`o${i}`}><span className="mono">{o.code}</span>：ほかの課（{o.section}）のラベルです。持ち主の課に連絡してください。</li>)}
            {result.notActive.map((o, i) => <li key={`n${i}`}><span className="mono">{o.code}</span>：{assetStatusLabels[o.status]}の資産です。廃棄の記録と現物を確かめてください。</li>)}
            {result.unknown.map((o, i) => <li key={`u${i}`}><span className="mono">{o.code}</span>：台帳にない番号です。未登録の資産なら登録してください。</li>)}
          </ul>
        </div>
      )}
      <div className="actions actions--start"><button type="button" onClick={onLeave}>棚卸の一覧に戻る</button></div>
    </section>
  );
}
