// js/format.js's reviewText against the kiosk's review screen: the same
// inputs and expected outputs as tests/ui/review_format_test.cpp checks on
// the C++ (display_answer), so both sides agree case by case.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

import { webRoot } from "./support.mjs";

const { reviewText, answerText, isoDateFr, timeFr, dayFr } = await import(path.join(webRoot, "js/format.js"));
const { cases } = JSON.parse(readFileSync(new URL("./review_format_cases.json", import.meta.url), "utf8"));

test("the back office shows each answer as the kiosk's review screen does", () => {
  assert.ok(cases.length >= 40);
  for (const c of cases) assert.equal(reviewText(c.field, c.answer), c.shown, `${c.field.type} ${JSON.stringify(c.answer)}`);
});

test("without a form definition, the payload's field types still format dates and numbers", () => {
  assert.equal(answerText("date", "1990-03-12"), "12 mars 1990");
  assert.equal(answerText("iban", "FR7630006000011234567890189"), "FR76 3000 6000 0112 3456 7890 189");
  assert.equal(answerText("text", ""), "—");
  assert.equal(answerText("text", { line1: "1 rue", postal_code: "59186", commune: "Anor" }), "1 rue, 59186 Anor");
  assert.equal(isoDateFr("2026-13-01"), "2026-13-01");
});

test("« Mes rendez-vous » writes times and days the French way", () => {
  // Local times: built from the parts, whatever the machine's time zone.
  const at = (y, m, d, hh, mm) => new Date(y, m - 1, d, hh, mm).getTime() / 1000;
  assert.equal(timeFr(at(2026, 12, 8, 9, 5)), "9 h 05");
  assert.equal(timeFr(at(2026, 12, 8, 14, 30)), "14 h 30");
  assert.equal(timeFr(at(2026, 12, 8, 0, 0)), "0 h 00");
  assert.equal(dayFr(at(2026, 12, 8, 9, 5)), "mardi 8 décembre 2026");
  assert.equal(dayFr(at(2027, 1, 1, 12, 0)), "vendredi 1er janvier 2027");
  assert.equal(dayFr(at(2026, 11, 29, 23, 59)), "dimanche 29 novembre 2026");
});
