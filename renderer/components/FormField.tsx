/** A labelled form control with its error shown beside it and announced to screen readers. */
import type { ReactNode } from 'react';

export function FormField(props: { id: string; label: string; required?: boolean; error?: string; hint?: string; count?: { length: number; max: number }; children: ReactNode }) {
  const over = props.count ? props.count.length > props.count.max : false;
  return (
    <div className={`field${props.error ? ' field--invalid' : ''}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.required && <span className="required" aria-hidden="true"> 必須</span>}
      </label>
      {props.children}
      {/* A counter, so a long paste is seen to be too long instead of being cut silently. */}
      {props.count && (props.count.length > props.count.max * 0.8 || props.count.max > 100) && (
        <p className={over ? 'counter counter--over' : 'counter'} aria-live={over ? 'polite' : undefined}>
          {props.count.length.toLocaleString('ja-JP')} / {props.count.max.toLocaleString('ja-JP')}文字{over && `（${(props.count.length - props.count.max).toLocaleString('ja-JP')}文字多すぎます）`}
        </p>
      )}
      {props.hint && !props.error && <p className="hint" id={`${props.id}-hint`}>{props.hint}</p>}
      {props.error && (
        <p className="error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** aria attributes that tie a control to its error message. */
export function fieldAria(id: string, error: string | undefined, hasHint = false) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hasHint ? `${id}-hint` : undefined,
  } as const;
}
