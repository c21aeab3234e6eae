import { useEffect, useRef } from 'react';

/** The result line under a form: an error (read out at once, role alert) or a success (role status). */
export type Message = { kind: 'error' | 'ok'; text: string } | null;

/**
 * `reveal`: scroll the line into view whenever a new message is set, for a screen whose line sits above
 * forms further down (持出し・廃棄: a clerk at the 廃棄 form would otherwise see nothing happen).
 */
export function Notice({ message, reveal = false }: { message: Message; reveal?: boolean }) {
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (reveal && message) line.current?.scrollIntoView?.({ block: 'nearest' });
  }, [reveal, message]);
  if (!message) return null;
  return (
    <p ref={line} className={message.kind === 'error' ? 'error' : 'success'} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}
