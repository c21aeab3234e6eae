/** The result line under a form: an error (read out at once, role alert) or a success (role status). */
export type Message = { kind: 'error' | 'ok'; text: string } | null;

export function Notice({ message }: { message: Message }) {
  if (!message) return null;
  return (
    <p className={message.kind === 'error' ? 'error' : 'success'} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}
