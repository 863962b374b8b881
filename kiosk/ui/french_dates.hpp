// French month and weekday names: the core's (content/french_dates.hpp), shared with the website export.
#pragma once

#include "content/french_dates.hpp"

namespace guichet::ui {

using content::french_date;
using content::french_month;
using content::french_weekday;

}  // namespace guichet::ui
