// The `;`-separated files staff export from a spreadsheet (the régie's
// invoices and direct debits, the national address base): one splitter and
// one euro amount reader for all of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet {

// One line split on SEP, "…" quoting honoured ("" inside for a quote; a
// quoted SEP is text), each field trimmed of spaces and a trailing CR.
std::vector<std::string> split_csv_line(std::string_view line, char sep = ';');

// « 42,50 », « 42.5 », « 1 234,00 » (spaces or no-break spaces between
// thousands) euros → 4250, 4250, 123400 cents; nullopt for anything else,
// more than 2 decimals, or more than 15 characters.
std::optional<std::int64_t> parse_euro_cents(std::string_view text);

}  // namespace guichet
