// Template bodies of db.hpp. Not for direct inclusion.
#pragma once

namespace safegrid::storage {

template <class F>
auto Database::Transact(bool write, F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    if (Connection* outer = Current()) return fn(*outer);
    auto lease = Acquire();
    if (!lease) return R(tl::unexpected<Error>(lease.error()));
    Connection& conn = **lease;
    if (auto begun = conn.Begin(write); !begun) return R(tl::unexpected<Error>(begun.error()));
    SetCurrent(&conn);
    R result = [&]() -> R {
        try {
            return fn(conn);
        } catch (...) {
            SetCurrent(nullptr);
            (void)conn.Rollback();
            throw;
        }
    }();
    SetCurrent(nullptr);
    if (!result) {
        (void)conn.Rollback();
        return result;
    }
    if (auto committed = conn.Commit(); !committed) {
        (void)conn.Rollback();
        return R(tl::unexpected<Error>(committed.error()));
    }
    return result;
}

template <class F>
auto Database::Read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    using R = decltype(fn(std::declval<Connection&>()));
    if (Connection* outer = Current()) return fn(*outer);
    auto lease = Acquire();
    if (!lease) return R(tl::unexpected<Error>(lease.error()));
    return fn(**lease);
}

}  // namespace safegrid::storage
