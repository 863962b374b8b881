#include "messages.hpp"

namespace guichet::packsrc {

namespace {
// The content checks' catalogue goes in before the first lookup.
void register_catalogue() {
    static const bool once = (staff::add_french(french_catalogue()), staff::add_french(expression_catalogue()), true);
    (void)once;
}
}  // namespace

void add_french(FrenchTable table) {
    register_catalogue();
    staff::add_french(table);
}

const char* french_for(std::string_view english) {
    register_catalogue();
    return staff::french_for(english);
}

std::string msg(std::string_view english, std::initializer_list<std::string_view> args) {
    register_catalogue();
    return staff::msg(english, args);
}

}  // namespace guichet::packsrc
