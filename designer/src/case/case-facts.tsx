/**
 * Everything the case holds, grouped by the step that produced it: the latest submission
 * first and in full (under its form's titles, attachments inline), earlier steps after it,
 * the case's start details last. A step done more than once shows its latest submission;
 * the earlier ones fold away beneath it. Variables no form names (computed ones) show to
 * process admins only.
 */
import type { Definition, HistoryEntry, Instance, JsonSchema } from "../api/types.js";
import { formatListTime } from "../components/format.js";
import { describeEntry, type Names } from "../components/history-words.js";
import { FieldValues } from "./field-values.js";
import { formFields, stepFields, stepOf } from "./step-fields.js";

interface Submission {
  entry: HistoryEntry;
  data: Record<string, unknown>;
}

interface StepGroup {
  key: string;
  title: string;
  fields: Map<string, JsonSchema>;
  /** Newest first. */
  submissions: Submission[];
}

/** Submissions with data, grouped by step, the group with the newest submission first. */
export function submissionsByStep(definition: Definition, history: HistoryEntry[]): StepGroup[] {
  const groups = new Map<string, StepGroup>();
  for (const entry of [...history].reverse()) {
    if (entry.kind !== "event" && entry.kind !== "vote") continue;
    const step = stepOf(definition, entry);
    if (!step?.node.task) continue;
    const { votes: _votes, ...data } = entry.data ?? {};
    if (Object.keys(data).length === 0) continue;
    const group = groups.get(step.key) ?? {
      key: step.key,
      title: step.node.task.name,
      fields: stepFields(definition, entry),
      submissions: [],
    };
    group.submissions.push({ entry, data });
    groups.set(step.key, group);
  }
  return [...groups.values()];
}

export function CaseFacts({
  instance,
  definition,
  history,
  names,
  admin,
}: {
  instance: Instance;
  definition: Definition;
  history: HistoryEntry[];
  names: Names;
  admin: boolean;
}) {
  const steps = submissionsByStep(definition, history);
  const startFields = formFields(definition.variables as JsonSchema | undefined);
  const referenced = new Map(
    (instance.references ?? []).map((r) => [
      r.field,
      [r.name ?? r.id, r.detail].filter(Boolean).join(" · "),
    ]),
  );
  const startValues = Object.fromEntries(
    Object.entries(instance.vars).filter(([name]) => startFields.has(name)),
  );
  const produced = new Set([...startFields.keys(), ...steps.flatMap((s) => [...s.fields.keys()])]);
  const others = Object.fromEntries(
    Object.entries(instance.vars).filter(([name]) => !produced.has(name) && name !== "votes"),
  );
  return (
    <div className="case-facts">
      {steps.map((step) => {
        const [latest, ...earlier] = step.submissions;
        if (!latest) return null;
        return (
          <section key={step.key} className="case-step" aria-label={step.title}>
            <h3>
              {step.title}{" "}
              <SubmissionMeta submission={latest} definition={definition} names={names} />
            </h3>
            <FieldValues values={latest.data} fields={step.fields} admin={admin} />
            {earlier.length > 0 && (
              <details className="case-step-earlier">
                <summary>此前 {earlier.length} 次提交</summary>
                {earlier.map((s) => (
                  <div key={s.entry.seq}>
                    <p className="muted">
                      <SubmissionMeta submission={s} definition={definition} names={names} />
                    </p>
                    <FieldValues values={s.data} fields={step.fields} admin={admin} />
                  </div>
                ))}
              </details>
            )}
          </section>
        );
      })}
      <section className="case-step" aria-label="基本信息">
        <h3>基本信息</h3>
        <FieldValues
          values={startValues}
          fields={startFields}
          admin={admin}
          names={referenced}
          related={[...(instance.parent ? [instance.parent] : []), ...(instance.children ?? [])]}
        />
      </section>
      {admin && Object.keys(others).length > 0 && (
        <details className="case-step">
          <summary>其他变量（仅管理员可见）</summary>
          <FieldValues values={others} fields={new Map()} admin />
        </details>
      )}
    </div>
  );
}

function SubmissionMeta({
  submission,
  definition,
  names,
}: {
  submission: Submission;
  definition: Definition;
  names: Names;
}) {
  const { who, what } = describeEntry(submission.entry, definition, names);
  return (
    <span className="muted case-step-meta">
      {who} {what} · {formatListTime(submission.entry.at)}
    </span>
  );
}
