/** /start/:key: report a hazard, an accident or a tip-off from the process's start variables. */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { JsonSchema } from "../api/types.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { fieldErrorsFrom } from "../forms/field-errors.js";
import type { FieldErrors } from "../forms/field-errors.js";
import { SchemaForm } from "../forms/schema-form.js";
import { defaultsOf } from "../forms/schema-values.js";
import { formatBusinessKey } from "../../../engine/definition/business-key-pattern.js";

export function StartPage() {
  const { key = "" } = useParams();
  // A fresh form per process: values typed for one never carry over to another.
  return <StartForm key={key} processKey={key} />;
}

function StartForm({ processKey: key }: { processKey: string }) {
  const navigate = useNavigate();
  const definition = useAsync(() => api.definitions.get(key), [key]);
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [businessKey, setBusinessKey] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());

  if (definition.loading && !definition.data) return <Loading />;
  if (definition.error || !definition.data)
    return (
      <div className="page">
        <ErrorBox error={definition.error} onRetry={definition.reload} />
      </div>
    );
  const schema = (definition.data.definition.variables ?? {
    type: "object",
    properties: {},
  }) as JsonSchema;
  const current = values ?? defaultsOf(schema);
  // A definition that numbers its cases gives the number itself.
  const pattern = definition.data.definition.businessKey;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const instance = await api.instances.start(key, current, {
        businessKey: businessKey.trim(),
        idempotencyKey: idempotencyKey.current,
      });
      navigate(`/instances/${instance.id}`);
    } catch (error) {
      idempotencyKey.current = crypto.randomUUID();
      if (error instanceof ApiError && error.status === 400 && error.problems.length > 0) {
        const fieldErrors = fieldErrorsFrom(error.problems);
        setErrors(fieldErrors);
        setMessage(`请修正标出的 ${Object.keys(fieldErrors).length} 处内容`);
      } else setMessage(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page start-page">
      <div className="page-head">
        <h1>{definition.data.definition.name}</h1>
      </div>
      {definition.data.definition.description && (
        <p className="muted">{definition.data.definition.description}</p>
      )}
      <form className="panel start-form" onSubmit={submit} noValidate>
        <SchemaForm
          schema={schema}
          value={current}
          onChange={setValues}
          errors={errors}
          idPrefix="start"
          disabled={busy}
        />
        {pattern ? (
          <p className="muted business-key-note">
            业务编号提交后自动生成，如 {formatBusinessKey(pattern, new Date().getFullYear(), 1)}
          </p>
        ) : (
          <div className="field">
            <label className="field-label" htmlFor="business-key">
              业务编号（可选）
            </label>
            <input
              id="business-key"
              value={businessKey}
              onChange={(e) => setBusinessKey(e.target.value)}
              placeholder="如 YH-2026-001"
            />
          </div>
        )}
        {message && (
          <div className="error-box" role="alert">
            {message}
          </div>
        )}
        <div className="outcomes">
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? "提交中…" : "提交"}
          </button>
        </div>
      </form>
    </div>
  );
}
