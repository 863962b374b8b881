// Shared by the benchmark programs: a failure aborts the run with a message.
#pragma once

#include "common/result.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace guichet::bench {

struct BenchError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class T>
T must(Result<T> r, const std::string& what) {
    if (!r) throw BenchError(what + ": " + r.error().message);
    return std::move(r.value());
}

inline void must(const Result<void>& r, const std::string& what) {
    if (!r) throw BenchError(what + ": " + r.error().message);
}

}  // namespace guichet::bench
