// The operator commands of `safegrid`, one function each, so tests can call them without a shell.
// Each returns the process exit code and prints human-readable progress to stdout, errors to stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/config.hpp"

namespace safegrid::app {

int ServeCommand(const Config& config);
int MigrateCommand(const Config& config);

struct SeedOptions {
    int64_t enterprises = 1000;
    int64_t hazards = -1;  // -1: the default history for the demo town
    uint64_t seed = 20260101;
    // > 1: a county (慈溪市) with this many towns, --enterprises and --hazards each (issue 11).
    int64_t towns = 1;
};
int SeedDemoCommand(const Config& config, const SeedOptions& options);
int DemoLoginsCommand();

int ImportCommand(const Config& config, const std::string& kind, const std::string& file,
                  const std::optional<std::string>& mapping_file, bool dry_run);
// Backup also writes OUT.checkpoint (the audit checkpoint the backup reaches, signed with the key
// in config.data_dir). Restore installs IN.checkpoint into config.data_dir, appends a "restore"
// audit entry and rewrites the checkpoint; without IN.checkpoint it refuses unless
// `without_checkpoint`. Verify checks the chain and the checkpoint of config.data_dir.
int BackupCommand(const Config& config, const std::string& out);
int RestoreCommand(const Config& config, const std::string& in, bool without_checkpoint);
int AuditVerifyCommand(const Config& config);

struct UserAddOptions {
    std::string username;
    std::string role;
    std::optional<int64_t> region_id;
    std::optional<int64_t> enterprise_id;
    std::optional<std::string> display_name;
};
// The password is read from standard input (first line), never from the command line.
int UserAddCommand(const Config& config, const UserAddOptions& options);
// Sets `username`'s password (first line of standard input) and ends all its sessions.
int UserPasswdCommand(const Config& config, const std::string& username);
// Disables (`disable` true) or enables `username`; disabling ends all its sessions.
int UserDisableCommand(const Config& config, const std::string& username, bool disable);

}  // namespace safegrid::app
