/* The form engine behind a small C interface, for the browser (compiled to
 * WebAssembly by emscripten, docs/forms-wasm.md) and for the native
 * `guichet-form-check` that the equivalence test compares it with. JSON in,
 * JSON out; every returned string is allocated here and given back with
 * guichet_forms_free (which wipes it: it may hold a resident's answers). */
#ifndef GUICHET_FORMS_ABI_H
#define GUICHET_FORMS_ABI_H

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the communes directory (a pack's data/communes.json) that later
 * checks use to match postal codes and communes; "" forgets it. Returns
 * {"communes":N} or {"error":"…"}. */
char* guichet_forms_set_communes(const char* communes_json);

/* Loads and compiles a form definition (a pack's forms/<id>.json). Returns
 * {"form":H,"id":…,"title":…,"version":N} with H > 0 to pass to
 * guichet_forms_check, or {"error":"…"}. */
char* guichet_forms_load(const char* form_json);

/* Checks ANSWERS_JSON (one member per field id, docs/forms.md §3) against
 * form H as the kiosk does on TODAY ("YYYY-MM-DD"). Returns
 * {"accepted","problems":[{"path","label","message"}],"normalized",
 *  "computed":{id:"3,60 €"},"hidden":[…]} or {"error":"…"}. */
char* guichet_forms_check(int form, const char* answers_json, const char* today);

/* Forgets form H. */
void guichet_forms_unload(int form);

/* Parses, type-checks and evaluates EXPRESSION (docs/forms-expressions.md)
 * in CONTEXT_JSON: {"today","fields":{id:{"type","options"?,"value"?}},
 * "groups":{id:{"fields":{id:type},"items":[{id:value}]}},
 * "tables":{name:{"type","rows":[{"max","value"}]}}}. Returns
 * {"source","type","value","empty"} or {"error":{"stage","kind","line",
 * "column","message"}}. */
char* guichet_forms_eval(const char* expression, const char* context_json);

/* Wipes and frees a string returned above. */
void guichet_forms_free(char* text);

#ifdef __cplusplus
}
#endif

#endif
