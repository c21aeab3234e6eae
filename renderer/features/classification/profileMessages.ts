/** What a refused profile load or save says, in Japanese, with what to do next. */
import type { ProfileLoadResult } from '../../data/profileRepository';
import { writeFailureMessages } from '../../data/writeResult';

export function profileSaveMessage(result: Extract<ProfileLoadResult, { ok: false }>): string {
  switch (result.reason) {
    case 'invalid':
      return `分類基準に誤りがあるため保存しませんでした。項目 ${result.field}: ${result.message}。`;
    case 'bundled-id':
      return '組み込みの分類基準と同じIDは使えません。別のIDを付けてください。台帳は変更されていません。';
    case 'version-exists':
      return 'このIDと版の分類基準はすでにあります。変更した分類基準には新しい版を付けてください。台帳は変更されていません。';
    case 'change-note-required':
      return '変更メモがありません。この版で何を変えたかを書いてから保存してください。台帳は変更されていません。';
    default:
      return writeFailureMessages[result.reason];
  }
}
