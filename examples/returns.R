#!/usr/bin/env Rscript
# Returns to poverty with their Monte Carlo band, and a regression on the parameter draws: the
# same first look as returns_and_parameters.py, from R with rhdf5 (Debian r-bioc-rhdf5).
#
#   povsim run jinghe --runs 100 --out jinghe.h5
#   Rscript examples/returns.R jinghe.h5
#
# R reads HDF5 arrays with the axes reversed: runs/<metric>, stored [run x year] (C order),
# arrives as a year x run matrix, and budget/spending [run x year x programme x source] as
# source x programme x year x run. The label lists (budget/programme, ...) and the run and year
# coordinates beside each dataset read as plain vectors.
suppressPackageStartupMessages(library(rhdf5))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) {
  cat("Usage: Rscript returns.R STUDY.h5\n", file = stderr())
  quit(status = 2)
}
study <- args[1]
listing <- h5ls(study, recursive = 4)   # /scenarios/<name>/parameters/<key>: depth 4 counts the root
scenarios <- listing$name[listing$group == "/scenarios"]

for (name in scenarios) {
  root <- paste0("/scenarios/", name)
  years <- as.vector(h5read(study, paste0(root, "/runs/year")))
  returns <- h5read(study, paste0(root, "/runs/new_returns"))   # year x run (axes reversed)
  stopifnot(nrow(returns) == length(years))
  q <- function(p) apply(returns, 1, quantile, probs = p, type = 7, names = FALSE)
  cat(sprintf("%s: new_returns (households), %d replications\n", name, ncol(returns)))
  cat("year mean p05 p95\n")
  cat(sprintf("%d %.1f %.1f %.1f\n", years, rowMeans(returns), q(0.05), q(0.95)), sep = "")

  group <- paste0(root, "/parameters")
  keys <- listing$name[listing$group == group & listing$name != "run"]
  if (length(keys) > 0 && ncol(returns) > length(keys) + 1) {
    draws <- as.data.frame(lapply(keys, function(k) as.vector(h5read(study, paste0(group, "/", k)))))
    names(draws) <- make.names(keys)
    draws <- draws[, vapply(draws, sd, 0) > 0, drop = FALSE]
    cum <- h5read(study, paste0(root, "/runs/cum_returns"))
    y <- cum[nrow(cum), ]                                       # the horizon, every run
    fit <- lm(y ~ ., data = as.data.frame(scale(draws)))
    coefs <- coef(fit)[-1]
    coefs <- coefs[order(-abs(coefs))]
    cat(sprintf("%s: cum_returns %d on standardised parameter draws (R² = %.2f)\n", name, max(years),
                summary(fit)$r.squared))
    cat(sprintf("%s %.2f\n", names(coefs)[seq_len(min(8, length(coefs)))],
                coefs[seq_len(min(8, length(coefs)))]), sep = "")
  }
  cat("\n")
}
h5closeAll()
