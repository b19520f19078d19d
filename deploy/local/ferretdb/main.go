// Command rcm-ferretdb runs FerretDB v1.24.2 embedded, with the SQLite backend, for the local stack.
//
// Embedding sidesteps the `go install` build of FerretDB, which panics at start for want of a generated
// version.txt (FerretDB issue #2982). The embedded server has no telemetry and no state file; a Go profiler
// listener (net/http/pprof) starts only when -pprof-addr is given, for finding where the store spends its time.
//
// Authentication (-auth): every command but the handshake, ping and SASL ones needs a SCRAM-SHA-256 (or -1) login;
// users live in admin.system.users. The ops user named by -setup-username is (re)made at every start with the
// password in the environment variable RCM_FERRETDB_SETUP_PASSWORD (not a flag: argv is visible to every local
// user), so it can create the other users. FerretDB v1 keeps no roles: every user may touch every database.
//
// SQLite settings beyond FerretDB's defaults (busy_timeout 10 s, WAL):
//   - _txlock=immediate: a write transaction takes the write lock when it begins. With SQLite's default
//     (deferred) a transaction that read first and then writes cannot wait for the lock and fails at once with
//     SQLITE_BUSY ("database is locked") when another connection writes; immediate makes it wait instead.
//   - synchronous(normal): in WAL mode, commits are durable across a process crash and the WAL is synced at
//     checkpoints, not at every commit (the SQLite documentation's recommended setting for WAL).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registered on http.DefaultServeMux, served only with -pprof-addr
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("sqlite-dir", "", "existing directory for the SQLite files (one per database)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's pprof profiles on this address (off when empty)")
	auth := flag.Bool("auth", false, "require SCRAM authentication for every command but the handshake")
	setupUsername := flag.String("setup-username", "", "with -auth: the ops user (in admin) made at start")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb: -sqlite-dir is required")
		os.Exit(2)
	}
	absDir, err := filepath.Abs(*dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb:", err)
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb: bad -log-level:", err)
		os.Exit(2)
	}
	// The SQLite files hold every service's documents: readable by the owner only (files 0600, folders 0700).
	syscall.Umask(0o077)

	setupPassword := os.Getenv("RCM_FERRETDB_SETUP_PASSWORD")
	if *auth && (*setupUsername == "" || setupPassword == "") {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb: -auth needs -setup-username and RCM_FERRETDB_SETUP_PASSWORD")
		os.Exit(2)
	}
	setupDatabase := ""
	if *auth {
		setupDatabase = "admin"
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	server, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:   logger,
		Handler:  "sqlite",
		// FerretDB wants a directory URI with a trailing slash; it adds busy_timeout and WAL itself.
		SQLiteURL:     "file:" + absDir + "/?_txlock=immediate&_pragma=synchronous(normal)",
		EnableNewAuth: *auth,
		SetupDatabase: setupDatabase,
		SetupUsername: *setupUsername,
		SetupPassword: setupPassword,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb:", err)
		os.Exit(1)
	}

	if *pprofAddr != "" {
		go func() {
			logger.Warn("rcm-ferretdb pprof listening", "addr", *pprofAddr)
			if err := http.ListenAndServe(*pprofAddr, nil); err != nil {
				logger.Error("pprof listener stopped", "error", err)
			}
		}()
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger.Warn("rcm-ferretdb listening", "addr", *listenAddr, "data", absDir, "auth", *auth)
	if err := server.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb:", err)
		os.Exit(1)
	}
}
