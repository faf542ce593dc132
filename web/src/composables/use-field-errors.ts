// A field's error (the server's 422 `fields`, or the form's own check) is about the value the user
// sent: once they change that field, the message no longer applies and goes, while the messages
// of the fields they have not touched yet stay.
import { watch, type Ref, type WatchSource } from 'vue';

/** Each key of a reactive form object as its own watch source ("title" → () => form.title). */
export function formFields<T extends object>(form: T): Record<string, WatchSource> {
  return Object.fromEntries(Object.keys(form).map((key) => [key, () => form[key as keyof T]]));
}

/** The errors without those of the given fields (a new object only when something goes). */
export function withoutFields(errors: Record<string, string>, fields: readonly string[]): Record<string, string> {
  if (!fields.some((f) => f in errors)) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([field]) => !fields.includes(field)));
}

/**
 * Clears `errors[field]` when the value watched for that field changes. `fields` maps an error's
 * field name to what the user edits for it (several error names may share one source, e.g. the
 * server's `lat` and `lng` both follow the picked location).
 */
export function clearFieldErrorOnChange(errors: Ref<Record<string, string>>, fields: Record<string, WatchSource>): void {
  for (const [field, source] of Object.entries(fields)) {
    watch(source, () => (errors.value = withoutFields(errors.value, [field])), { deep: true });
  }
}
