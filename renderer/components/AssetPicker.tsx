/**
 * Choosing assets by what people know of them (管理番号, name, location) instead of typing a number from
 * memory: a combobox with a listbox popup (WAI-ARIA 1.2 combobox pattern). Arrow keys move through the
 * matches, Enter chooses, Escape closes; the first (best) match is active as soon as something is typed,
 * so typing an exact 管理番号 and Enter chooses it. `multiple` keeps the list open and toggles each choice
 * (contents of a medium); otherwise one asset is chosen (take-out, disposal).
 *
 * Fast at 100,000 assets: the search text is folded once per asset, in slices that leave the UI thread
 * free (pickerIndex.ts), each keystroke returns at most `limit` matches, and only the options in view
 * are rendered (@tanstack/react-virtual).
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { assetKindLabels, assetStatusLabels } from '../../shared/domain/asset';
import { pickAssets, pickerLabel, type PickableAsset, type PickerEntry, type PickerResult } from '../../shared/domain/pickAssets';
import { pickerIndexInSlices } from './pickerIndex';

const OPTION_HEIGHT = 44;
const DEFAULT_LIMIT = 200;

export interface AssetPickerProps<T extends PickableAsset> {
  id: string;
  label: string;
  /** Every asset that may be searched (undefined while the ledger loads). */
  assets: readonly T[] | undefined;
  /** The chosen ids. */
  value: readonly string[];
  onChange: (ids: string[]) => void;
  multiple?: boolean;
  /** Only assets this accepts are offered. */
  accept?: (asset: T) => boolean;
  /** Ids never offered (e.g. the container itself and what it already holds). */
  exclude?: readonly string[];
  limit?: number;
  /** Extra description (an error under the field). */
  describedBy?: string;
  invalid?: boolean;
}

export function AssetPicker<T extends PickableAsset>(props: AssetPickerProps<T>) {
  const { id, label, assets, value, onChange, multiple = false, accept, exclude, limit = DEFAULT_LIMIT } = props;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const excludeKey = (exclude ?? []).join('\u0001');
  const excluded = useMemo(() => new Set(exclude ?? []), [excludeKey]); // eslint-disable-line react-hooks/exhaustive-deps -- the key stands for the array
  // Typing stays responsive on a large ledger: the list follows a moment later if a search takes long.
  const query = useDeferredValue(text);
  // The index is folded on first use (not for a picker nobody opens), in slices, and built again when
  // the ledger changes (only changed assets are folded again); meanwhile the previous one answers.
  const [index, setIndex] = useState<{ assets: readonly T[]; entries: PickerEntry<T>[] } | null>(null);
  useEffect(() => {
    if (!open || !assets || index?.assets === assets) return;
    let stopped = false;
    void pickerIndexInSlices(assets, () => stopped).then((entries) => entries && setIndex({ assets, entries }));
    return () => {
      stopped = true;
    };
  }, [open, assets, index]);
  // The last result is kept with what it was computed from, so the next keystroke narrows it.
  const last = useRef<{ entries: PickerEntry<T>[]; excluded: ReadonlySet<string>; accept: typeof accept; result: PickerResult<T> } | null>(null);
  const result = useMemo((): PickerResult<T> | null => {
    if (!open || !index) return null;
    const kept = last.current;
    const previous = kept && kept.entries === index.entries && kept.excluded === excluded && kept.accept === accept ? kept.result : undefined;
    const next = pickAssets(index.entries, { text: query, exclude: excluded, accept, limit }, previous);
    last.current = { entries: index.entries, excluded, accept, result: next };
    return next;
  }, [open, index, query, excluded, accept, limit]);
  const matches = result?.matches ?? [];
  const chosen = value.map((v) => assets?.find((a) => a.id === v)).filter((a): a is T => a !== undefined);

  const virtualizer = useVirtualizer({ count: open ? matches.length : 0, getScrollElement: () => listRef.current, estimateSize: () => OPTION_HEIGHT, overscan: 6 });

  useEffect(() => {
    if (open && active >= 0 && active < matches.length) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, open, matches.length, virtualizer]);

  const choose = (asset: T) => {
    if (multiple) {
      onChange(value.includes(asset.id) ? value.filter((v) => v !== asset.id) : [...value, asset.id]);
      return;
    }
    onChange([asset.id]);
    setText(pickerLabel(asset));
    setOpen(false);
  };

  const type = (next: string) => {
    setText(next);
    setOpen(true);
    setActive(0);
    // One asset only: what is typed no longer names the chosen one, so the choice is undone.
    if (!multiple && value.length > 0) onChange([]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      setActive((a) => Math.min(matches.length - 1, a + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (event.key === 'Enter') {
      // Enter never submits the surrounding form from here: it chooses.
      event.preventDefault();
      const asset = open ? matches[active] : undefined;
      if (asset) choose(asset);
      else setOpen(true);
    } else if (event.key === 'Escape') {
      if (open) event.preventDefault();
      setOpen(false);
    }
  };

  const listId = `${id}-listbox`;
  const statusId = `${id}-status`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const showing = open && matches.length > 0;
  const status =
    assets === undefined
      ? '台帳を読み込んでいます…'
      : !result
        ? open ? '候補を準備しています…' : ''
        : result.total === 0
        ? text.trim() ? '該当する資産がありません。管理番号・名称・所在の一部で探してください。' : '選べる資産がありません。'
        : result.total > matches.length
          ? `${result.total.toLocaleString('ja-JP')}件のうち${matches.length.toLocaleString('ja-JP')}件を表示しています。さらに入力して絞り込んでください。`
          : `${result.total.toLocaleString('ja-JP')}件`;

  return (
    <div className="asset-picker">
      <label htmlFor={id}>{label}</label>
      {multiple && chosen.length > 0 && (
        <ul className="asset-picker__chosen" aria-label={`${label}（選択中）`}>
          {chosen.map((asset) => (
            <li key={asset.id}>
              <span className="mono">{asset.managementNumber}</span> {asset.name}
              <button type="button" className="link" aria-label={`${asset.managementNumber} を選択から外す`} onClick={() => onChange(value.filter((v) => v !== asset.id))}>
                外す
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="asset-picker__box">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={showing}
          aria-controls={listId}
          aria-activedescendant={showing && active >= 0 && active < matches.length ? optionId(active) : undefined}
          aria-describedby={[statusId, props.describedBy].filter(Boolean).join(' ')}
          aria-invalid={props.invalid || undefined}
          placeholder="管理番号・名称・所在で探す"
          value={text}
          onChange={(e) => type(e.target.value)}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <div
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label={`${label}の候補`}
          aria-multiselectable={multiple || undefined}
          className="asset-picker__list"
          hidden={!showing}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const asset = matches[item.index]!;
              const selected = value.includes(asset.id);
              return (
                <div
                  key={asset.id}
                  id={optionId(item.index)}
                  role="option"
                  aria-selected={selected}
                  className={`asset-picker__option${item.index === active ? ' asset-picker__option--active' : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: OPTION_HEIGHT, transform: `translateY(${item.start}px)` }}
                  // Keeps focus in the input (the list would close on blur before the click lands).
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(item.index)}
                  onClick={() => choose(asset)}
                >
                  <span className="asset-picker__check" aria-hidden="true">{selected ? '✓' : ''}</span>
                  <span className="mono">{asset.managementNumber}</span> <span>{asset.name}</span>
                  <span className="muted">
                    {' '}
                    {asset.location}・{assetKindLabels[asset.kind]}
                    {asset.status !== 'active' && `・${assetStatusLabels[asset.status]}`}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <p className="hint" id={statusId} aria-live="polite">
        {!multiple && chosen[0] ? `選択中: ${pickerLabel(chosen[0])}` : open || text ? status : ''}
      </p>
    </div>
  );
}
