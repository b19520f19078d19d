// Command rcm-ferretdb runs FerretDB v1.24.2 embedded, with the SQLite backend, for the local stack.
//
// Embedding sidesteps the `go install` build of FerretDB, which panics at start for want of a generated
// version.txt (FerretDB issue #2982). The embedded server has no telemetry and no state file; a Go profiler
// listener (net/http/pprof) starts only when -pprof-addr is given, for finding where the store spends its time.
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
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	server, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:   logger,
		Handler:  "sqlite",
		// FerretDB wants a directory URI with a trailing slash; it adds busy_timeout and WAL itself.
		SQLiteURL: "file:" + absDir + "/?_txlock=immediate&_pragma=synchronous(normal)",
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
	logger.Warn("rcm-ferretdb listening", "addr", *listenAddr, "data", absDir)
	if err := server.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "rcm-ferretdb:", err)
		os.Exit(1)
	}
}
