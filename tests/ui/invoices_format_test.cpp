// « Mes factures »: amounts and dates as French prints them (screens/invoices.hpp).
#include "ui/screens/invoices.hpp"

#include <doctest/doctest.h>

using namespace guichet;

TEST_CASE("invoice amounts in euros and due dates in French") {
    CHECK(ui::french_euros(4250) == "42,50\u00a0€");
    CHECK(ui::french_euros(5) == "0,05\u00a0€");
    CHECK(ui::french_euros(123400) == "1\u202f234,00\u00a0€");
    CHECK(ui::french_euros(123456789) == "1\u202f234\u202f567,89\u00a0€");
    CHECK(ui::french_euros(-410) == "-4,10\u00a0€");
    CHECK(ui::french_long_date("2027-01-15") == "15 janvier 2027");
    CHECK(ui::french_long_date("2026-12-01") == "1er décembre 2026");
    CHECK(ui::french_long_date("2027-13-01") == "2027-13-01");  // not a date: shown as given
}
