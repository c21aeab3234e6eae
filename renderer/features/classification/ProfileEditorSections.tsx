/**
 * The profile editor's lists, one section each: objectives with their ordered levels (lowest first),
 * wizard questions, rules with conditions and citations, handling topics and rules per level, and the
 * label marks. Every list is a useFieldArray; the issues of the shared validation appear beside the
 * fields they name.
 */
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { assetKindLabels, assetMediumLabels, networkSegmentLabels, personalInfoKindLabels } from '../../../shared/domain/asset';
import { blankLevel, blankQuestion, blankRule, missingMarks, type ProfileDraft } from '../../../shared/domain/profileEditing';
import { CheckField, issueAt, RowButtons, SelectField, TextField } from './ProfileEditorFields';

const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const mediaOptions = optionsOf(assetMediumLabels);
const kindOptions = optionsOf(assetKindLabels);
const segmentOptions = optionsOf(networkSegmentLabels);
const personalOptions = optionsOf(personalInfoKindLabels);

/** Objectives and levels as they stand in the form, for the selects that name them. */
function useObjectives() {
  const { control } = useFormContext<ProfileDraft>();
  const objectives = useWatch({ control, name: 'objectives' }) ?? [];
  const objectiveOptions = objectives.map((o) => ({ value: o.id, label: o.name ? `${o.name}（${o.id}）` : o.id }));
  const levelOptions = (objectiveId: string) => (objectives.find((o) => o.id === objectiveId)?.levels ?? []).map((l) => ({ value: l.id, label: l.name ? `${l.name}（${l.id}）` : l.id }));
  return { objectives, objectiveOptions, levelOptions };
}

/** The section's own issue (e.g. 「1件以上必要です」 for an empty list). */
function ListIssue({ path }: { path: string }) {
  const { formState } = useFormContext<ProfileDraft>();
  const message = issueAt(formState.errors, path);
  return message ? (
    <p className="error" role="alert">
      {message}
    </p>
  ) : null;
}

function Levels({ objectiveIndex }: { objectiveIndex: number }) {
  const { control } = useFormContext<ProfileDraft>();
  const { fields, append, move, remove } = useFieldArray({ control, name: `objectives.${objectiveIndex}.levels` });
  const base = `objectives.${objectiveIndex}.levels`;
  return (
    <div className="editor-list">
      <p className="hint">段階は低いものから順に並べます（いちばん下が最も厳しい段階です）。最も低い段階は対象を限定できません。</p>
      <ListIssue path={base} />
      {fields.map((field, j) => (
        <fieldset key={field.id} className="editor-row">
          <legend>段階 {j + 1}</legend>
          <RowButtons index={j} count={fields.length} what="段階" move={move} remove={remove} minimum={2} />
          <div className="form-grid">
            <TextField path={`${base}.${j}.id`} label="段階のID" hint="例: 3A（英数字・_・-）" required />
            <TextField path={`${base}.${j}.name`} label="段階の名称" hint="例: 自治体機密性3A" required />
            <TextField path={`${base}.${j}.article`} label="根拠（条文）" />
          </div>
          <TextField path={`${base}.${j}.definition`} label="定義" multiline required />
          <div className="form-grid">
            <TextField path={`${base}.${j}.requirements`} label="要件（1行に1つ）" multiline />
            <TextField path={`${base}.${j}.examples`} label="例（1行に1つ）" multiline />
          </div>
          <div className="form-grid">
            <CheckField path={`${base}.${j}.appliesMedia`} legend="対象の形式（選ばなければすべて）" options={mediaOptions} />
            <CheckField path={`${base}.${j}.appliesKinds`} legend="対象の種類（選ばなければすべて）" options={kindOptions} />
          </div>
        </fieldset>
      ))}
      <button type="button" onClick={() => append(blankLevel())}>
        段階を追加
      </button>
    </div>
  );
}

export function ObjectivesSection() {
  const { control } = useFormContext<ProfileDraft>();
  const { fields, append, move, remove } = useFieldArray({ control, name: 'objectives' });
  return (
    <section className="card" aria-labelledby="pe-objectives">
      <h2 id="pe-objectives">観点と段階</h2>
      <ListIssue path="objectives" />
      {fields.map((field, i) => (
        <fieldset key={field.id} className="editor-row">
          <legend>観点 {i + 1}</legend>
          <RowButtons index={i} count={fields.length} what="観点" move={move} remove={remove} minimum={1} />
          <div className="form-grid">
            <TextField path={`objectives.${i}.id`} label="観点のID" hint="例: confidentiality" required />
            <TextField path={`objectives.${i}.name`} label="観点の名称" hint="例: 機密性" required />
          </div>
          <Levels objectiveIndex={i} />
        </fieldset>
      ))}
      <button type="button" onClick={() => append({ id: '', name: '', levels: [blankLevel(), blankLevel()] })}>
        観点を追加
      </button>
    </section>
  );
}

export function QuestionsSection() {
  const { control } = useFormContext<ProfileDraft>();
  const { fields, append, move, remove } = useFieldArray({ control, name: 'questions' });
  const questions = useWatch({ control, name: 'questions' }) ?? [];
  const questionOptions = questions.map((q) => ({ value: q.id, label: q.id }));
  return (
    <section className="card" aria-labelledby="pe-questions">
      <h2 id="pe-questions">ウィザードの質問</h2>
      <p className="hint">選択肢を書かない質問は「はい（yes）／いいえ（no）／わからない（unsure）」で答えます。選択肢は1行に1つ「値: 表示」と書きます。</p>
      <ListIssue path="questions" />
      {fields.map((field, i) => (
        <fieldset key={field.id} className="editor-row">
          <legend>質問 {i + 1}</legend>
          <RowButtons index={i} count={fields.length} what="質問" move={move} remove={remove} minimum={1} />
          <div className="form-grid">
            <TextField path={`questions.${i}.id`} label="質問のID" hint="例: secret" required />
            <TextField path={`questions.${i}.article`} label="根拠（条文）" required />
          </div>
          <TextField path={`questions.${i}.text`} label="質問文" multiline required />
          <TextField path={`questions.${i}.criteria`} label="判断の基準" multiline required />
          <div className="form-grid">
            <TextField path={`questions.${i}.examples`} label="例（1行に1つ）" multiline />
            <TextField path={`questions.${i}.options`} label="選択肢（1行に1つ「値: 表示」）" multiline />
          </div>
          <div className="form-grid">
            <SelectField path={`questions.${i}.skipQuestion`} label="この質問を飛ばす条件（質問）" options={questionOptions.filter((_, k) => k !== i)} empty="飛ばさない" />
            <TextField path={`questions.${i}.skipAnswers`} label="飛ばす回答（読点区切り）" hint="例: yes" />
          </div>
          <CheckField path={`questions.${i}.appliesMedia`} legend="この質問をする形式（選ばなければすべて）" options={mediaOptions} />
          <CheckField path={`questions.${i}.appliesKinds`} legend="この質問をする種類（選ばなければすべて）" options={kindOptions} />
        </fieldset>
      ))}
      <button type="button" onClick={() => append(blankQuestion())}>
        質問を追加
      </button>
    </section>
  );
}

function RuleRow({ index }: { index: number }) {
  const { control } = useFormContext<ProfileDraft>();
  const { objectiveOptions, levelOptions } = useObjectives();
  const objective = useWatch({ control, name: `rules.${index}.objective` });
  const questions = useWatch({ control, name: 'questions' }) ?? [];
  const base = `rules.${index}`;
  return (
    <>
      <div className="form-grid">
        <TextField path={`${base}.id`} label="規則のID" required />
        <SelectField path={`${base}.objective`} label="観点" options={objectiveOptions} />
        <SelectField path={`${base}.minLevel`} label="少なくともこの段階" options={levelOptions(objective)} empty="（選んでください）" />
      </div>
      <div className="form-grid">
        <SelectField path={`${base}.whenQuestion`} label="回答の条件（質問）" options={questions.map((q) => ({ value: q.id, label: q.id }))} empty="使わない（台帳の条件だけ）" />
        <TextField path={`${base}.whenAnswers`} label="この回答のとき（読点区切り）" hint="例: yes または personal、sensitive" />
      </div>
      <details className="editor-conditions">
        <summary>台帳の条件と対象（任意）</summary>
        <div className="form-grid">
          <CheckField path={`${base}.ledgerPersonalInfoKinds`} legend="台帳の条件: 個人情報の種類" options={personalOptions} />
          <CheckField path={`${base}.ledgerNetworkSegments`} legend="台帳の条件: ネットワーク区分" options={segmentOptions} />
          <CheckField path={`${base}.ledgerKinds`} legend="台帳の条件: 種類" options={kindOptions} />
          <CheckField path={`${base}.ledgerMedia`} legend="台帳の条件: 形式" options={mediaOptions} />
          <CheckField path={`${base}.appliesMedia`} legend="規則の対象の形式" options={mediaOptions} />
          <CheckField path={`${base}.appliesKinds`} legend="規則の対象の種類" options={kindOptions} />
        </div>
      </details>
      <div className="form-grid">
        <TextField path={`${base}.article`} label="根拠（条文）" required />
      </div>
      <TextField path={`${base}.reason`} label="理由（対策基準の文言）" multiline required />
    </>
  );
}

export function RulesSection() {
  const { control, getValues } = useFormContext<ProfileDraft>();
  const { fields, append, move, remove } = useFieldArray({ control, name: 'rules' });
  return (
    <section className="card" aria-labelledby="pe-rules">
      <h2 id="pe-rules">規則（回答・台帳の内容 → 段階）</h2>
      <p className="hint">当てはまる規則のうち最も高い段階が推奨になります。回答の条件か台帳の条件の少なくとも一方が必要です。</p>
      {fields.map((field, i) => (
        <fieldset key={field.id} className="editor-row">
          <legend>規則 {i + 1}</legend>
          <RowButtons index={i} count={fields.length} what="規則" move={move} remove={remove} />
          <RuleRow index={i} />
        </fieldset>
      ))}
      <button type="button" onClick={() => append(blankRule(getValues()))}>
        規則を追加
      </button>
    </section>
  );
}

function HandlingRow({ index }: { index: number }) {
  const { control } = useFormContext<ProfileDraft>();
  const { objectiveOptions, levelOptions } = useObjectives();
  const objective = useWatch({ control, name: `handling.${index}.objective` });
  const topics = useWatch({ control, name: 'topics' }) ?? [];
  const base = `handling.${index}`;
  return (
    <>
      <div className="form-grid">
        <SelectField path={`${base}.objective`} label="観点" options={objectiveOptions} />
        <SelectField path={`${base}.minLevel`} label="この段階以上" options={levelOptions(objective)} empty="（選んでください）" />
        <SelectField path={`${base}.topic`} label="項目" options={topics.map((t) => ({ value: t.id, label: t.name || t.id }))} empty="（選んでください）" />
        <TextField path={`${base}.article`} label="根拠（条文）" required />
      </div>
      <TextField path={`${base}.text`} label="取扱い" multiline required />
      <div className="form-grid">
        <CheckField path={`${base}.appliesMedia`} legend="対象の形式（選ばなければすべて）" options={mediaOptions} />
        <CheckField path={`${base}.appliesKinds`} legend="対象の種類（選ばなければすべて）" options={kindOptions} />
      </div>
    </>
  );
}

export function HandlingSection() {
  const { control, getValues } = useFormContext<ProfileDraft>();
  const topics = useFieldArray({ control, name: 'topics' });
  const handling = useFieldArray({ control, name: 'handling' });
  return (
    <section className="card" aria-labelledby="pe-handling">
      <h2 id="pe-handling">取扱い（段階と項目ごと）</h2>
      <h3>取扱いの項目</h3>
      <ListIssue path="topics" />
      {topics.fields.map((field, i) => (
        <fieldset key={field.id} className="editor-row editor-row--compact">
          <legend>項目 {i + 1}</legend>
          <div className="form-grid">
            <TextField path={`topics.${i}.id`} label="項目のID" required />
            <TextField path={`topics.${i}.name`} label="項目の名称" required />
          </div>
          <RowButtons index={i} count={topics.fields.length} what="項目" move={topics.move} remove={topics.remove} minimum={1} />
        </fieldset>
      ))}
      <button type="button" onClick={() => topics.append({ id: '', name: '' })}>
        項目を追加
      </button>
      <h3>取扱いの定め</h3>
      <p className="hint">定めた段階とそれより高い段階に適用されます。同じ項目では、当てはまる最も高い段階の定めが使われます。</p>
      {handling.fields.map((field, i) => (
        <fieldset key={field.id} className="editor-row">
          <legend>取扱い {i + 1}</legend>
          <RowButtons index={i} count={handling.fields.length} what="取扱い" move={handling.move} remove={handling.remove} />
          <HandlingRow index={i} />
        </fieldset>
      ))}
      <button type="button" onClick={() => handling.append({ objective: getValues('objectives.0.id') ?? '', minLevel: '', topic: '', text: '', article: '', appliesMedia: [], appliesKinds: [] })}>
        取扱いを追加
      </button>
    </section>
  );
}

export function LabelSection() {
  const { control, getValues } = useFormContext<ProfileDraft>();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'label.marks' });
  const { objectiveOptions, levelOptions } = useObjectives();
  const labelObjective = useWatch({ control, name: 'label.objective' });
  const disposalObjective = useWatch({ control, name: 'secureDisposal.objective' });
  return (
    <section className="card" aria-labelledby="pe-label">
      <h2 id="pe-label">ラベルの表示記号と廃棄</h2>
      <p className="hint">記号は第三者に分類が分からないものにします（段階の名称や「秘」「機密」は使えません。【03】第5条2）。</p>
      <SelectField path="label.objective" label="記号で表す観点" options={objectiveOptions} />
      <ListIssue path="label.marks" />
      {fields.map((field, i) => (
        <fieldset key={field.id} className="editor-row editor-row--compact">
          <legend>表示記号 {i + 1}</legend>
          <div className="form-grid">
            <SelectField path={`label.marks.${i}.level`} label="段階" options={levelOptions(labelObjective)} />
            <TextField path={`label.marks.${i}.symbol`} label="記号" required />
            <TextField path={`label.marks.${i}.colour`} label="色（#RRGGBB）" required />
          </div>
          <RowButtons index={i} count={fields.length} what="表示記号" move={move} remove={remove} />
        </fieldset>
      ))}
      <button type="button" onClick={() => append(missingMarks(getValues()))}>
        記号のない段階の行を追加
      </button>
      <CheckField path="label.kinds" legend="ラベルを貼る種類" options={kindOptions} />
      <div className="form-grid">
        <SelectField path="secureDisposal.objective" label="復元できない廃棄を求める観点（【03】第14条）" options={objectiveOptions} empty="定めない" />
        <SelectField path="secureDisposal.minLevel" label="その段階以上" options={levelOptions(disposalObjective)} empty="（選んでください）" />
      </div>
    </section>
  );
}
