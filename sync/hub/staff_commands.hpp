// guichet-hub's staff-account commands (docs/staff-pages.md §2): the first
// administrator is made here, on the hub's own machine; later accounts too,
// or from the staff pages by an administrator.
#pragma once

#include <string>
#include <vector>

namespace guichet::sync::hub {

// COMMAND: staff-add, staff-password, staff-disable, staff-enable, staff-list.
// NAME and ROLE as given on the command line ("" when absent). Passwords are
// read from standard input (one line; asked twice without echo on a terminal).
int run_staff_command(const std::string& command, const std::string& data_dir, const std::string& name,
                      const std::string& role);

}  // namespace guichet::sync::hub
