/**
 * /settings/township (process admins): the township's rules the processes follow. Today one:
 * what an approved extension of a hazard's rectification does to its running escalation.
 */
import { useState } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { TownshipSettings } from "../api/types.js";
import { formatDateTime } from "../components/format.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";

type AfterExtension = TownshipSettings["escalationAfterExtension"];

const choices: { value: AfterExtension; label: string; hint: string }[] = [
  {
    value: "end",
    label: "结束督办（默认）",
    hint: "整改期限获批延期后督办结束；新期限再逾期的，重新从函告开始督办。",
  },
  {
    value: "continue",
    label: "暂停督办，再逾期时在原级别继续",
    hint: "延期期间督办暂停在已到达的级别；新期限再逾期的，从该级别（函告、通报、约谈或移交执法）继续，不再从函告开始。",
  },
];

export function TownshipRulesPage() {
  const settings = useAsync(() => api.townshipSettings.get(), []);
  return (
    <div className="page">
      <h1>乡镇规则</h1>
      <p className="muted">本乡镇的流程规则。修改后对此后启动的案件生效。</p>
      {settings.error ? (
        <ErrorBox error={settings.error} onRetry={settings.reload} />
      ) : !settings.data ? (
        <Loading />
      ) : (
        <EscalationAfterExtensionForm settings={settings.data} />
      )}
    </div>
  );
}

function EscalationAfterExtensionForm({ settings }: { settings: TownshipSettings }) {
  const [saved, setSaved] = useState(settings);
  const [choice, setChoice] = useState<AfterExtension>(settings.escalationAfterExtension);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = () => {
    setBusy(true);
    setMessage(null);
    api.townshipSettings
      .set({ escalationAfterExtension: choice })
      .then((next) => {
        setSaved(next);
        setMessage("已保存");
      })
      .catch((error: unknown) => setMessage(describeError(error)))
      .finally(() => setBusy(false));
  };
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <fieldset className="plain">
        <legend>
          <h2>整改延期获批后，正在进行的督办</h2>
        </legend>
        {choices.map((c) => (
          <label key={c.value} className="choice">
            <input
              type="radio"
              name="escalationAfterExtension"
              value={c.value}
              checked={choice === c.value}
              onChange={() => setChoice(c.value)}
            />{" "}
            {c.label}
            <span className="muted small"> {c.hint}</span>
          </label>
        ))}
      </fieldset>
      <p>
        <button
          type="submit"
          className="btn"
          disabled={busy || choice === saved.escalationAfterExtension}
        >
          保存
        </button>{" "}
        {message && (
          <span className="muted" role="status">
            {message}
          </span>
        )}
      </p>
      {saved.updatedAt && (
        <p className="muted small" data-testid="rules-updated">
          最近修改：{formatDateTime(saved.updatedAt)}
        </p>
      )}
    </form>
  );
}
