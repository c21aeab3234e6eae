/**
 * The section's 情報資産台帳: counts, free-text search, per-field filters, sortable virtualised list.
 * Only the visible rows are in the DOM, so 100,000 assets scroll and filter smoothly.
 */
// Loaded when 貼り付け is opened: its column rules share a module with SheetJS (code splitting, issue 15).
const PasteAssets = lazy(() => import('./PasteAssets').then((m) => ({ default: m.PasteAssets })));
import { FirstDayGuide, useGuideHidden } from './FirstDayGuide';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  assetFieldLabels,
  assetKindLabels,
  assetKinds,
  assetStatusLabels,
  assetStatuses,
  choiceFieldLabels,
  displayValue,
  type Asset,
} from '../../../shared/domain/asset';
import { countAssets } from '../../../shared/domain/countAssets';
import {
  filterAssets,
  filterableFields,
  narrowsFilter,
  sortAssets,
  type LedgerFilter,
  type SearchIndex,
  type FilterableField,
  type LedgerSort,
} from '../../../shared/domain/filterAssets';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { LEDGER_FIRST_PAGE_SIZE, useBackupSchedule, useSortedAssets } from '../../data/useLedger';
import { backupDue } from '../../../shared/backup/backupContent';
import { useCan, useOperator, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { assetEffectiveLevels } from '../../../shared/domain/deriveClass';
import { assetRiskValue, riskFailureLabels, riskSortKey } from '../../../shared/domain/riskValue';
import { labelEligible } from '../../../shared/labels/labelProfile';
import {
  classificationStateLabels,
  classificationStateOf,
  formatLevels,
  type ClassificationState,
} from '../../../shared/domain/classification';

type Column = { field: FilterableField | 'updatedAt' | 'classification' | 'risk'; label: string; width: string };

const columns: Column[] = [
  { field: 'managementNumber', label: '管理番号', width: '7.5rem' },
  { field: 'name', label: '名称', width: 'minmax(8rem, 2fr)' },
  { field: 'kind', label: '種類', width: '6.5rem' },
  { field: 'medium', label: '形式', width: '4rem' },
  { field: 'location', label: '所在', width: 'minmax(7rem, 1fr)' },
  { field: 'custodian', label: '管理者', width: '7rem' },
  { field: 'networkSegment', label: 'ネットワーク区分', width: '9rem' },
  { field: 'personalInfoKind', label: '個人情報', width: '6.5rem' },
  { field: 'classification', label: '分類', width: '7rem' },
  { field: 'risk', label: 'リスク', width: '4.5rem' },
  { field: 'status', label: '状態', width: '5rem' },
  { field: 'updatedAt', label: '更新日', width: '8.5rem' },
];
/** The first column holds the selection checkbox (bulk actions: classify several assets at once). */
const gridTemplate = ['2rem', ...columns.map((c) => c.width)].join(' ');
/** 28 px rows (a spreadsheet-like density): at least 12 visible at 1366×768 even with the backup reminder and a result notice showing. */
const ROW_HEIGHT = 28;
const noAssets: Asset[] = [];
const noCounts = countAssets(noAssets);
const noIndex: SearchIndex = new Map();
/** Rows shown before the whole ledger is read: more than a screenful. */
const FIRST_PAGE_SIZE = LEDGER_FIRST_PAGE_SIZE;
/** The order the cached list keeps while the risk order (sorted here) is chosen. */
const byNumber: LedgerSort = { field: 'managementNumber', direction: 'asc' };

export function LedgerScreen({ onOpen, onNew, onBackup, onExport, onNavigate, onClassifyMany, onLabelMany, onReviewMany }: {
  onOpen: (id: string) => void;
  onNew: () => void;
  onBackup: () => void;
  onExport: (scope: { ids: string[]; description: string }) => void;
  /** Opens another screen (the first-day guide's steps). */
  onNavigate: (view: 'labels' | 'exchange') => void;
  /** Opens the wizard for several selected assets (one set of answers, one proposal each). */
  onClassifyMany?: (ids: string[]) => void;
  /** Opens the label screen with the selected media already chosen. */
  onLabelMany?: (ids: string[]) => void;
  /** Opens the review screen for the selected assets. */
  onReviewMany?: (ids: string[]) => void;
}) {
  // For the benchmark: the ledger screen opens here, before it asks the database for anything.
  useState(() => performance.mark('daicho:ledger-open'));
  const settings = useSectionSettings();
  const can = useCan();
  const [text, setText] = useState('');
  const [fields, setFields] = useState<Partial<Record<FilterableField, string>>>({});
  const [textField, setTextField] = useState<FilterableField>('location');
  const [sort, setSort] = useState<LedgerSort>({ field: 'managementNumber', direction: 'asc' });
  // Sorted, indexed and counted in short steps once, then patched by the changed rows of each write.
  const { all: assets, counts: ledgerCounts, sorted: ledgerSorted, index: ledgerIndex, firstPage, updating } = useSortedAssets(FIRST_PAGE_SIZE, sort.field === 'risk' ? byNumber : sort);
  const [classificationState, setClassificationState] = useState<ClassificationState | 'unclassified' | ''>('');
  const [pasting, setPasting] = useState(false);
  /** The field filters fold away so the list keeps its rows on a 768-pixel-high screen. */
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [guideHidden, setGuideHidden] = useGuideHidden(useOperator().userId);
  const [pasted, setPasted] = useState<string | null>(null);
  /** Selected asset ids; kept while filters change, so a selection can be built from several searches. */
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [minRisk, setMinRisk] = useState(0);
  const profile = useProfile();
  // IPA 付録7 risk value per asset, computed when first asked (sort, filter or a visible row) and kept per record.
  const riskOf = useMemo(() => {
    const cache = new WeakMap<Asset, number>();
    return (asset: Asset) => {
      let value = cache.get(asset);
      if (value === undefined) cache.set(asset, (value = riskSortKey(assetRiskValue(profile, asset))));
      return value;
    };
  }, [profile]);

  const all = assets ?? noAssets;
  const counts = ledgerCounts ?? noCounts;
  // The risk value depends on the profile, not only on the record, so that order is sorted here in full
  // (only while it is chosen); every other order is kept and patched by useSortedAssets.
  const riskSorted = useMemo(() => (sort.field === 'risk' ? sortAssets(all, sort, riskOf) : null), [all, sort, riskOf]);
  const sorted = riskSorted ?? ledgerSorted ?? noAssets;
  const index = ledgerIndex ?? noIndex;
  const filtered = useNarrowingFilter(sorted, index, text, fields, classificationState, minRisk, riskOf);
  // Until the whole ledger is read, show its first page (in 管理番号 order) unfiltered.
  const rows = assets ? filtered : (firstPage ?? noAssets);
  const loading = assets === undefined;

  // Figures for the benchmark (npm run bench): first rendered page, and each filter keystroke.
  const firstPageMarked = useRef(false);
  useEffect(() => {
    if (!firstPageMarked.current && (assets || firstPage)) {
      firstPageMarked.current = true;
      performance.mark('daicho:first-page');
    }
  }, [assets, firstPage]);
  useEffect(() => {
    if (performance.getEntriesByName('daicho:filter-start').length > 0) {
      performance.measure('daicho:filter', 'daicho:filter-start');
      performance.clearMarks('daicho:filter-start');
    }
  }, [rows]);

  const setFieldFilter = (field: FilterableField, value: string) => {
    performance.mark('daicho:filter-start');
    setFields((current) => ({ ...current, [field]: value }));
  };
  const textFieldValue = fields[textField] ?? '';
  const hasFilter = text !== '' || Object.values(fields).some(Boolean) || classificationState !== '' || minRisk > 0;
  const fieldFilterCount = Object.values(fields).filter(Boolean).length + (classificationState !== '' ? 1 : 0) + (minRisk > 0 ? 1 : 0);

  return (
    <section className="ledger" aria-labelledby="ledger-title">
      <div className="ledger__head">
        <div>
          <h1 id="ledger-title">情報資産台帳</h1>
          <p className="muted">{settings.organisation} {settings.section}</p>
        </div>
        <div className="actions">
          {can('ledger.export') && hasFilter && assets && (
            <button type="button" onClick={() => onExport({ ids: filtered.map((a) => a.id), description: '台帳一覧で絞り込んだ資産' })}>
              絞り込んだ {filtered.length.toLocaleString('ja-JP')}件を書き出す
            </button>
          )}
          {can('asset.create') && guideHidden && (
            <button type="button" onClick={() => setGuideHidden(false)}>
              はじめての手順
            </button>
          )}
          {can('asset.create') && (
            <button type="button" aria-expanded={pasting} onClick={() => { setPasting(!pasting); setPasted(null); }}>
              Excelから貼り付けて登録
            </button>
          )}
          {can('asset.create') && (
            <button type="button" className="primary" onClick={onNew}>
              ＋ 資産を登録
            </button>
          )}
        </div>
      </div>
      {can('asset.create') && !guideHidden && assets && (
        <FirstDayGuide
          assets={all}
          onHide={() => setGuideHidden(true)}
          onStep={(step) => {
            if (step === 'register') setPasting(true);
            else if (step === 'classify') setClassificationState('unclassified');
            else if (step === 'approve') setClassificationState('proposed');
            else if (step === 'backup') onBackup();
            else if (step === 'labels' || step === 'export') onNavigate(step === 'labels' ? 'labels' : 'exchange');
          }}
        />
      )}
      {pasting && (
        <Suspense fallback={<p className="loading" role="status">画面を読み込んでいます…</p>}>
          <PasteAssets onDone={(message) => { setPasting(false); setPasted(message); }} />
        </Suspense>
      )}
      {pasted && <p className="success" role="status">{pasted}</p>}

      <BackupReminder onBackup={onBackup} />

      <div className="counts" aria-label="件数">
        {loading ? (
          <span className="count">件数を集計しています…</span>
        ) : (
          <>
        <span className="count count--total">
          全 <strong>{counts.total.toLocaleString('ja-JP')}</strong> 件
        </span>
        {assetStatuses.map((status) => (
          <span key={status} className={`count status status--${status}`}>
            {assetStatusLabels[status]} <strong>{counts.byStatus[status].toLocaleString('ja-JP')}</strong>
          </span>
        ))}
        <span className="counts__sep" aria-hidden="true" />
        {(['unclassified', 'proposed', 'needsReview'] as const).map((state) => (
          <button
            key={state}
            type="button"
            className={`count count--button badge--${state}`}
            aria-pressed={classificationState === state}
            onClick={() => {
              performance.mark('daicho:filter-start');
              setClassificationState(classificationState === state ? '' : state);
            }}
          >
            {classificationStateLabels[state]} <strong>{counts.byClassification[state].toLocaleString('ja-JP')}</strong>
          </button>
        ))}
        <span className="counts__sep" aria-hidden="true" />
        {assetKinds.map((kind) => (
          <span key={kind} className="count">
            {assetKindLabels[kind]} <strong>{counts.byKind[kind].toLocaleString('ja-JP')}</strong>
          </span>
        ))}
          </>
        )}
      </div>

      <div className="filters" role="search">
        <label className="filters__search">
          <span className="visually-hidden">キーワード検索</span>
          <input
            type="search"
            placeholder="キーワードで検索（名称・管理番号・所在・備考 など）"
            value={text}
            onChange={(event) => {
              performance.mark('daicho:filter-start');
              setText(event.target.value);
            }}
          />
        </label>
        <button type="button" aria-expanded={filtersOpen || fieldFilterCount > 0} aria-controls="ledger-field-filters" onClick={() => setFiltersOpen(!(filtersOpen || fieldFilterCount > 0))}>
          条件で絞り込む{fieldFilterCount > 0 ? `（${fieldFilterCount}）` : ''} {filtersOpen || fieldFilterCount > 0 ? '▴' : '▾'}
        </button>
        {(filtersOpen || fieldFilterCount > 0) && (
          <div id="ledger-field-filters" className="filters__fields">
        {(['kind', 'medium', 'networkSegment', 'personalInfoKind', 'status'] as const).map((field) => (
          <div key={field} className="filters__select">
            <label htmlFor={`filter-${field}`}>{assetFieldLabels[field]}</label>
            <select id={`filter-${field}`} value={fields[field] ?? ''} onChange={(event) => setFieldFilter(field, event.target.value)}>
              <option value="">すべて</option>
              {Object.entries(choiceFieldLabels[field]).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="filters__select">
          <label htmlFor="filter-classification">分類の状態</label>
          <select
            id="filter-classification"
            value={classificationState}
            onChange={(event) => {
              performance.mark('daicho:filter-start');
              setClassificationState(event.target.value as ClassificationState | 'unclassified' | '');
            }}
          >
            <option value="">すべて</option>
            {Object.entries(classificationStateLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {profile.risk && (
          <div className="filters__select">
            <label htmlFor="filter-risk">{profile.risk.name}</label>
            <select id="filter-risk" value={minRisk} onChange={(event) => setMinRisk(Number(event.target.value))}>
              <option value={0}>すべて</option>
              {profile.risk.bands.map((band) => <option key={band.id} value={band.min}>{band.name}（{band.min}以上）</option>)}
            </select>
          </div>
        )}
        <div className="filters__field">
          <div>
            <label htmlFor="filter-text-field">項目</label>
            <select
              id="filter-text-field"
              value={textField}
              onChange={(event) => {
                const next = event.target.value as FilterableField;
                setFields((current) => ({ ...current, [textField]: '', [next]: textFieldValue }));
                setTextField(next);
              }}
            >
              {filterableFields
                .filter((field) => !(field in choiceFieldLabels))
                .map((field) => (
                  <option key={field} value={field}>
                    {assetFieldLabels[field]}
                  </option>
                ))}
            </select>
          </div>
          <input
            type="text"
            aria-label={`${assetFieldLabels[textField]}で絞り込み`}
            placeholder="を含む"
            value={textFieldValue}
            onChange={(event) => setFieldFilter(textField, event.target.value)}
          />
        </div>
          </div>
        )}
        {hasFilter && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setText('');
              setFields({});
              setClassificationState('');
              setMinRisk(0);
            }}
          >
            条件をクリア
          </button>
        )}
      </div>

      <p className="result-count" role="status" aria-live="polite">
        {loading
          ? '台帳を読み込んでいます（先頭の資産を表示中）。件数・検索・並べ替えは読み込み後に反映されます。'
          : `${rows.length.toLocaleString('ja-JP')} 件を表示${updating === 'sorting' ? '（並べ替えています…）' : updating === 'refreshing' ? '（最新の台帳を反映しています…）' : ''}`}
      </p>

      {selected.size > 0 && (
        <SelectionBar
          selected={all.filter((a) => selected.has(a.id))}
          onClear={() => setSelected(new Set())}
          onClassify={can('classification.propose') && onClassifyMany ? (ids) => onClassifyMany(ids) : undefined}
          onLabels={can('label.print') ? onLabelMany : undefined}
          onReview={onReviewMany}
        />
      )}

      <AssetTable
        rows={rows}
        sort={sort}
        onSort={setSort}
        onOpen={onOpen}
        dateStyle={settings.dateStyle}
        empty={!loading && all.length === 0}
        selected={selected}
        onSelect={(ids, on) =>
          setSelected((current) => {
            const next = new Set(current);
            for (const id of ids) {
              if (on) next.add(id);
              else next.delete(id);
            }
            return next;
          })
        }
      />
    </section>
  );
}

/**
 * Filters the sorted ledger; when the new filter only narrows the last one (one more character
 * typed), it filters the last result instead of all assets.
 */
function useNarrowingFilter(
  sorted: Asset[],
  index: SearchIndex,
  text: string,
  fields: LedgerFilter['fields'],
  classificationState: LedgerFilter['classificationState'],
  minRisk: number,
  riskOf: (asset: Asset) => number,
): Asset[] {
  const last = useRef<{ source: Asset[]; filter: LedgerFilter; rows: Asset[] } | null>(null);
  return useMemo(() => {
    const filter = { text, fields, classificationState, minRisk };
    const previous = last.current;
    const base = previous && previous.source === sorted && narrowsFilter(previous.filter, filter) ? previous.rows : sorted;
    const rows = filterAssets(base, index, filter, riskOf);
    last.current = { source: sorted, filter, rows };
    return rows;
  }, [sorted, index, text, fields, classificationState, minRisk, riskOf]);
}

function AssetTable(props: {
  rows: Asset[];
  sort: LedgerSort;
  onSort: (sort: LedgerSort) => void;
  onOpen: (id: string) => void;
  dateStyle: 'seireki' | 'wareki';
  empty: boolean;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  return (
    <div className="table" role="table" aria-label="情報資産の一覧" aria-rowcount={props.rows.length + 1}>
      <div className="table__header" role="row" style={{ gridTemplateColumns: gridTemplate }}>
        <div role="columnheader" className="cell cell--select">
          <input
            type="checkbox"
            aria-label="表示している資産をすべて選択"
            checked={props.rows.length > 0 && props.rows.every((a) => props.selected.has(a.id))}
            disabled={props.rows.length === 0}
            onChange={(event) => props.onSelect(props.rows.map((a) => a.id), event.target.checked)}
          />
        </div>
        {columns.map((column) => {
          if (column.field === 'classification') {
            return (
              <div key={column.field} role="columnheader" className="table__plain-header">
                {column.label}
              </div>
            );
          }
          const field = column.field;
          const active = props.sort.field === field;
          return (
            <div key={column.field} role="columnheader" aria-sort={active ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button
                type="button"
                onClick={() =>
                  props.onSort({ field, direction: active && props.sort.direction === 'asc' ? 'desc' : 'asc' })
                }
              >
                {column.label}
                <span aria-hidden="true" className="sort-indicator">{active ? (props.sort.direction === 'asc' ? '▲' : '▼') : ''}</span>
              </button>
            </div>
          );
        })}
      </div>
      <div className="table__body" ref={scrollRef}>
        {props.rows.length === 0 ? (
          <p className="empty">
            {props.empty ? 'まだ資産が登録されていません。「資産を登録」から最初の資産を登録してください。' : '条件に合う資産はありません。検索条件を変えてください。'}
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const asset = props.rows[item.index]!;
              return (
                <div
                  key={asset.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  tabIndex={0}
                  className={`table__row status-row--${asset.status}`}
                  style={{ gridTemplateColumns: gridTemplate, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => props.onOpen(asset.id)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      props.onOpen(asset.id);
                    }
                  }}
                >
                  <div role="cell" className="cell cell--select" onClick={(event) => event.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`${asset.managementNumber} を選択`}
                      checked={props.selected.has(asset.id)}
                      // Space toggles the box; it must not also open the row (the row's own key handler).
                      onKeyDown={(event) => event.stopPropagation()}
                      onChange={(event) => props.onSelect([asset.id], event.target.checked)}
                    />
                  </div>
                  {columns.map((column) => (
                    <div key={column.field} role="cell" className={`cell cell--${column.field}`} title={column.field === 'classification' || column.field === 'status' || column.field === 'updatedAt' || column.field === 'risk' ? undefined : displayValue(asset, column.field)}>
                      {column.field === 'classification'
                        ? <ClassCell asset={asset} />
                        : column.field === 'risk'
                        ? <RiskCell asset={asset} />
                        : column.field === 'updatedAt'
                        ? formatDate(tokyoDay(new Date(asset.updatedAt)), props.dateStyle)
                        : column.field === 'status'
                          ? <span className={`status status--${asset.status}`}>{displayValue(asset, 'status')}</span>
                          : displayValue(asset, column.field)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * What can be done with the selected assets: classify them with one set of answers, print their labels,
 * review them. Each action takes only the assets it applies to and says how many it leaves out and why.
 */
function SelectionBar({ selected, onClear, onClassify, onLabels, onReview }: { selected: Asset[]; onClear: () => void; onClassify: ((ids: string[]) => void) | undefined; onLabels: ((ids: string[]) => void) | undefined; onReview: ((ids: string[]) => void) | undefined }) {
  const profile = useProfile();
  // A disposed asset is not classified again (its page offers no wizard either).
  const classifiable = selected.filter((a) => a.status !== 'disposed');
  // Labels go on the kinds the profile names (media, paper...), in use; reviews are for assets in use.
  const labelled = selected.filter((a) => labelEligible(a, false, profile));
  const inUse = selected.filter((a) => a.status === 'active');
  const left = (kept: number, why: string) => (kept < selected.length ? `（${why} ${selected.length - kept} 件を除く）` : '');
  return (
    <div className="selection-bar" role="region" aria-label="選択した資産">
      <span role="status">{selected.length.toLocaleString('ja-JP')} 件を選択中</span>
      {onClassify && (
        <button type="button" className="primary" disabled={classifiable.length === 0} onClick={() => onClassify(classifiable.map((a) => a.id))}>
          選択した資産をまとめて分類
        </button>
      )}
      {onClassify && classifiable.length < selected.length && <span className="muted">廃棄済みの {selected.length - classifiable.length} 件は分類しません。</span>}
      {onLabels && (
        <button type="button" disabled={labelled.length === 0} title={labelled.length === 0 ? 'ラベルを貼る種類の資産（記録媒体など）が選ばれていません' : undefined} onClick={() => onLabels(labelled.map((a) => a.id))}>
          ラベル印刷へ{left(labelled.length, 'ラベル対象外の')}
        </button>
      )}
      {onReview && (
        <button type="button" disabled={inUse.length === 0} onClick={() => onReview(inUse.map((a) => a.id))}>
          見直しを開始{left(inUse.length, '使用中ではない')}
        </button>
      )}
      <button type="button" className="link" onClick={onClear}>
        選択を解除
      </button>
    </div>
  );
}

/** The IPA risk value and its band; a dash with the reason when there is none (never a low number for an unknown risk). */
function RiskCell({ asset }: { asset: Asset }) {
  const risk = assetRiskValue(useProfile(), asset);
  if (!risk.ok) return <span className="muted" title={riskFailureLabels[risk.reason]}>—</span>;
  return <span className={risk.band ? `risk-band--${risk.band.id}` : undefined} title={risk.provisional ? '分類が決まっていないため最も高い重要度で計算' : risk.band?.name}>{risk.value}{risk.provisional ? '*' : ''}</span>;
}

/** The effective class (short form) and, unless approved, the state of the classification. */
function ClassCell({ asset }: { asset: Asset }) {
  const profile = useProfile();
  const state = classificationStateOf(asset.classification);
  const effective = assetEffectiveLevels(profile, asset);
  const levels = formatLevels(profile, effective, 'short');
  return (
    <>
      {levels && <span className="class-level">{levels}</span>}
      {state !== 'approved' && <span className={`badge badge--${state}`}>{classificationStateLabels[state]}</span>}
    </>
  );
}

/** 【03】第11条: an overdue backup is shown on the home screen until one is made. */
function BackupReminder({ onBackup }: { onBackup: () => void }) {
  const can = useCan();
  const schedule = useBackupSchedule();
  if (!schedule) return null;
  const { due, daysSince } = backupDue(schedule.lastBackupAt, schedule.intervalDays, new Date());
  if (!due) return null;
  return (
    <div className="notice notice--action" role="status">
      <span>
        {daysSince === null
          ? 'まだバックアップがありません。'
          : `前回のバックアップから${daysSince}日たっています（間隔: ${schedule.intervalDays}日）。`}
        台帳を失わないよう、暗号化したバックアップを許可された媒体に保存してください。
      </span>
      {can('backup.create') ? (
        <button type="button" onClick={onBackup}>
          バックアップする
        </button>
      ) : (
        <span>セキュリティ管理者に依頼してください。</span>
      )}
    </div>
  );
}
