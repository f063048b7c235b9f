// Small shared pieces: labelled fields, errors, badges, loading data with the user's token.
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api.js";
import { language, t } from "./i18n.js";

export const LANG_ARG = () => language().toUpperCase(); // the API's Lang enum: EN, NL, FR, DE

/** Runs `query` whenever `deps` change: [data, error, reload]. */
export function useQuery(query, variables, deps, options) {
  const [state, setState] = useState({ data: null, error: null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ data: s.data, error: null }));
    gql(query, variables, options).then(
      (data) => current && setState({ data, error: null }),
      (error) => current && setState({ data: null, error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation, language()]);
  return [state.data, state.error, () => setGeneration((g) => g + 1), (update) => setState((s) => ({ data: typeof update === "function" ? update(s.data) : update, error: null }))];
}

/** A form's submission: [busy, error, onSubmit]. `work` sends it; what it throws is the error shown. */
export function useSubmit(work) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const onSubmit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  };
  return [busy, error, onSubmit];
}

export function ErrorBox({ error }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" data-code={error.code || "ERROR"}>
      {t("error.prefix")} {error.message}
    </p>
  );
}

export function Notice({ text }) {
  return <p class="notice" role="status" aria-live="polite">{text || ""}</p>;
}

/** The ids an input is described by: its hint, and the API's error for it (BAD_USER_INPUT's field). */
function describedBy(id, hint, error) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** What the input's element says to assistive technology about its hint and error. */
const described = (id, hint, error) => ({ "aria-describedby": describedBy(id, hint, error), "aria-invalid": error ? "true" : undefined });

/** The API's message for the field it names, without the path it may start with (shown under that field). */
export const fieldMessage = (error) => (error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message);

export function FieldError({ id, error }) {
  return error ? <small class="field-error" id={`${id}-error`}>{error}</small> : null;
}

export function Field({ label, children, hint, id, error }) {
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>{label}</label>
      {children}
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function Select({ id, label, value, onChange, options, empty, required, hint, error }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {/* `selected` on the option, not `value` on the select: the options may arrive after the value. */}
      <select id={id} name={id} required={required} onChange={(e) => onChange(e.currentTarget.value)} {...described(id, hint, error)}>
        {empty !== undefined ? <option value="" selected={!value}>{empty}</option> : null}
        {options.map(([code, text]) => (
          <option value={code} key={code} selected={code === value}>{text}</option>
        ))}
      </select>
    </Field>
  );
}

export function Input({ id, label, value, onChange, type = "text", required, hint, error, ...rest }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input id={id} name={id} type={type} value={value} required={required} onInput={(e) => onChange(e.currentTarget.value)} {...described(id, hint, error)} {...rest} />
    </Field>
  );
}

export function TextArea({ id, label, value, onChange, required, hint, error, rows = 3 }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={id} rows={rows} value={value} required={required} onInput={(e) => onChange(e.currentTarget.value)} {...described(id, hint, error)} />
    </Field>
  );
}

export function StatusBadge({ status }) {
  return <span class={`badge status-${status.toLowerCase()}`} data-status={status}>{t(`status.${status}`)}</span>;
}

export function enumOptions(prefix, values) {
  return values.map((v) => [v, t(`${prefix}.${v}`)]);
}

// Dates as written where the user works: English as in Europe (en-GB: 3 Dec 2026, 14:05).
const locale = () => (language() === "en" ? "en-GB" : language());

export function formatDateTime(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function formatDate(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(`${value}T12:00:00`));
}

export const hashFor = (name, params = {}) => {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const text = query.toString();
  return `#/${name}${text ? `?${text}` : ""}`;
};
