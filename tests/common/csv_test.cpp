// The spreadsheet exports staff hand to the tools (common/csv.hpp).
#include "common/csv.hpp"

#include <doctest/doctest.h>

using guichet::parse_euro_cents;
using guichet::split_csv_line;

TEST_CASE("csv: fields split on the separator, quotes honoured, spaces and CR trimmed") {
    CHECK(split_csv_line("a;b;c") == std::vector<std::string>{"a", "b", "c"});
    CHECK(split_csv_line(" a ; \"b;c\" ;\"d \"\"e\"\"\"\r") == std::vector<std::string>{"a", "b;c", "d \"e\""});
    CHECK(split_csv_line("") == std::vector<std::string>{""});
    CHECK(split_csv_line("x;;") == std::vector<std::string>{"x", "", ""});
    CHECK(split_csv_line("1,2", ',') == std::vector<std::string>{"1", "2"});
}

TEST_CASE("csv: euro amounts as staff type them, to cents") {
    CHECK(parse_euro_cents("42,50") == 4250);
    CHECK(parse_euro_cents("42.5") == 4250);
    CHECK(parse_euro_cents("38") == 3800);
    CHECK(parse_euro_cents("1 234,00") == 123400);
    CHECK(parse_euro_cents("1\u00A0234,05") == 123405);
    CHECK(parse_euro_cents("1\u202F234,05") == 123405);
    CHECK_FALSE(parse_euro_cents(""));
    CHECK_FALSE(parse_euro_cents("4,505"));
    CHECK_FALSE(parse_euro_cents("4,"));
    CHECK_FALSE(parse_euro_cents(",50"));
    CHECK_FALSE(parse_euro_cents("12,5,0"));
    CHECK_FALSE(parse_euro_cents("-3"));
    CHECK_FALSE(parse_euro_cents("12 €"));
    CHECK_FALSE(parse_euro_cents("1234567890123456"));
}
