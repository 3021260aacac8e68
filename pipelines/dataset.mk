# dataset.mk -- the dataset build as make rules: crawl files in, one verifiable, typed,
# deduplicated, decontaminated dataset out.
#
#   make -f pipelines/dataset.mk WARCS="crawl/*.warc.gz" OUT=dir [-j N]
#   (or make dataset WARCS=... OUT=... from the top: the same rules)
#
# First the benchmarks' n-gram index, OUT/decontam.idx (built once; every shard maps it).
# Per crawl file, a shard, built in parallel under -j:
#   pass 1  warc-extract F | qa-filter --verifiable --decontaminate <every eval benchmark>
#           --signatures-out S   (quality, verifiability, in-shard exact and near duplicates)
#           With LLM=DIR (an instruct model), pages without QA markup are read too:
#           warc-extract --pages F | edu-filter --model EDU | llm-extract --model DIR | qa-filter ...
#           (pairs from markup pass the two untouched; EDU: build/edu.model, which make builds;
#           LLM_FLAGS: more llm-extract options, such as --max-tokens N or --device)
#   pass 2  qa-filter --rules near --dedup-against <the signatures of every earlier shard>
#           (near duplicates across shards: the first occurrence, in WARCS order, is kept)
#   typed   answer-typer
# then OUT/dataset.jsonl (the shards in WARCS order), OUT/manifest.json (inputs with sizes and
# hashes, program versions, records in / out / rejected by reason at every stage of every shard)
# and OUT/report/ ($(PIPE)/dataset-report: domains and answer formats as PNG, the counts).
# Every file is written to a temporary name and renamed, so a killed run leaves no half file and a
# rerun redoes only what is missing or older than its inputs: a cron refresh that finds new crawl
# files processes only those (and the pass 2 of any shard after them) and merges again.
# Rejected records are kept, with their reasons, beside each shard (*.rej.jsonl).

# this file's folder, where its scripts are: make -f path/to/dataset.mk works from anywhere
PIPE := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
# A recipe is one shell, not one per line: on small crawl files, starting shells was most of a
# shard's time.
.ONESHELL:
.DELETE_ON_ERROR:

SHARED ?= $(abspath ../shared)
BIN    ?= bin
OUT    ?= build/dataset
WARCS  ?=
# Decontamination against every eval benchmark by default: the paper's tables' data.
BENCH  ?= $(wildcard $(SHARED)/data/eval/*.jsonl $(SHARED)/data/eval/*.jsonl.gz) $(wildcard $(SHARED)/data/verify/theoremqa.jsonl)
FILTER ?= --verifiable
LLM    ?=
LLM_FLAGS ?=
EDU    ?= build/edu.model

comma := ,
empty :=
space := $(empty) $(empty)
inputs := $(foreach w,$(WARCS),$(wildcard $(w)))
# a shard's name: the crawl file's path with / made _ (two files of one name in two folders differ)
shard = $(subst /,_,$(patsubst /%,%,$(1)))
S := $(OUT)/shards
names := $(foreach w,$(inputs),$(call shard,$(w)))
bench_list := $(subst $(space),$(comma),$(strip $(BENCH)))
# Building the index from 30 MB of benchmarks takes seconds; mapping the saved one, none.
INDEX := $(if $(bench_list),$(OUT)/decontam.idx)
decontam := $(if $(bench_list),--decontaminate "$(bench_list)" --decontam-index $(INDEX))

# index and pass1 are the pieces that many machines share out (pipelines/dataset-parallel,
# pipelines/dataset.sbatch): pass1 of some of the crawl files on each, then dataset on one.
.PHONY: dataset index pass1
ifeq ($(strip $(inputs)),)
dataset pass1:
	@echo 'dataset: WARCS names no file ("$(WARCS)"); make dataset WARCS="crawl/*.warc.gz" OUT=dir' >&2; exit 2
else
dataset: $(OUT)/dataset.jsonl $(OUT)/manifest.json $(OUT)/report/report.md
	@cat $(OUT)/summary.txt >&2
pass1: $(foreach n,$(names),$(S)/$(n).p1.jsonl)
endif
index: $(INDEX)

# the pages branch of shard NAME, when LLM is given: $(call pages,NAME)
pages = $(if $(LLM),| $(BIN)/edu-filter --model $(EDU) --rejects $(S)/$(1).edu.rej.jsonl 2> $(S)/$(1).edu.log \
	  | $(BIN)/llm-extract --model $(LLM) $(LLM_FLAGS) --rejects $(S)/$(1).llm.rej.jsonl 2> $(S)/$(1).llm.log)
pages_deps = $(if $(LLM),$(BIN)/edu-filter $(BIN)/llm-extract $(EDU) $(wildcard $(LLM)/config.json))

# Whether pages are read, and how, is part of every pass 1: S/pages.key holds the settings and is
# rewritten only when they change, so turning LLM on or off redoes the shards, and only then.
pages_key := $(if $(LLM),$(abspath $(LLM)) $(LLM_FLAGS) $(abspath $(EDU)),none)
ifneq ($(strip $(inputs)),)
$(shell mkdir -p $(S) && { [ "$$(cat $(S)/pages.key 2> /dev/null)" = '$(pages_key)' ] || echo '$(pages_key)' > $(S)/pages.key; })
endif

# pass 1 of shard NAME from crawl file FILE: $(call pass1,FILE,NAME).  The programs write their
# rejects and signatures whole or not at all (a temporary name, renamed), so only stdout needs a
# mv here: on these small crawl files a process per file renamed was a fifth of a shard's time.
# Without LLM, files of an earlier pages branch are removed (a process only when there are some).
define pass1
$(S)/$(2).p1.jsonl: $(1) $(BIN)/warc-extract $(BIN)/qa-filter $(INDEX) $(pages_deps) $(S)/pages.key | $(S)
	@echo "dataset: pass 1 $(1)" >&2
	$(BIN)/warc-extract $(if $(LLM),--pages) --rejects $(S)/$(2).extract.rej.jsonl $(1) 2> $(S)/$(2).extract.log \
	  $(call pages,$(2)) \
	  | $(BIN)/qa-filter $(FILTER) $(decontam) --signatures-out $(S)/$(2).sig \
	      --rejects $(S)/$(2).p1.rej.jsonl > $$@.tmp 2> $(S)/$(2).p1.log
	$(if $(LLM),,shopt -s nullglob; stale=($(S)/$(2).edu.* $(S)/$(2).llm.*); [ $$$${#stale[@]} = 0 ] || rm -f "$$$${stale[@]}")
	mv $$@.tmp $$@
$(S)/$(2).sig: $(S)/$(2).p1.jsonl
endef

# pass 2 of shard NAME against the shards before it: $(call pass2,NAME,EARLIER NAMES)
define pass2
$(S)/$(1).p2.jsonl: $(S)/$(1).p1.jsonl $(foreach e,$(2),$(S)/$(e).sig) $(BIN)/qa-filter
	$(BIN)/qa-filter --rules near $(if $(2),--dedup-against "$(subst $(space),$(comma),$(foreach e,$(2),$(S)/$(e).sig))") \
	    --rejects $(S)/$(1).p2.rej.jsonl $$< > $$@.tmp 2> $(S)/$(1).p2.log
	mv $$@.tmp $$@
$(S)/$(1).typed.jsonl: $(S)/$(1).p2.jsonl $(BIN)/answer-typer
	$(BIN)/answer-typer --rejects $(S)/$(1).typed.rej.jsonl $$< > $$@.tmp 2> $(S)/$(1).typed.log
	mv $$@.tmp $$@
endef

$(foreach w,$(inputs),$(eval $(call pass1,$(w),$(call shard,$(w)))))
# each shard's pass 2 against the shards before it: $(call pass2_all,NAMES,EARLIER)
pass2_all = $(if $(1),$(eval $(call pass2,$(firstword $(1)),$(2)))$(call pass2_all,$(wordlist 2,$(words $(1)),$(1)),$(2) $(firstword $(1))))
$(call pass2_all,$(names),)

typed := $(foreach n,$(names),$(S)/$(n).typed.jsonl)

$(OUT)/dataset.jsonl: $(typed)
	cat $(typed) > $@.tmp
	mv $@.tmp $@

# The manifest is remade whenever the dataset is; the list of inputs is part of it.
$(OUT)/manifest.json: $(OUT)/dataset.jsonl $(PIPE)/dataset-manifest
	$(PIPE)/dataset-manifest --bin $(BIN) --shards $(S) --dataset $< --summary $(OUT)/summary.txt \
	    $(foreach w,$(inputs),$(w)=$(call shard,$(w))) > $@.tmp
	mv $@.tmp $@

# The paper's two pictures (domains, answer formats), drawn while the manifest is written, and
# the counts, as PNG and markdown.
$(OUT)/report/domains.tsv: $(OUT)/dataset.jsonl $(PIPE)/dataset-report
	$(PIPE)/dataset-report --pictures $(OUT) 2> /dev/null
$(OUT)/report/report.md: $(OUT)/manifest.json $(OUT)/report/domains.tsv $(PIPE)/dataset-report
	$(PIPE)/dataset-report --tables $(OUT) 2> /dev/null

# The index is built by one process whatever -j says, so it takes the jobs as threads (reading
# on one, inserting on another): make -jN says N in MAKEFLAGS (a bare -j: all cores), no -j one.
jobs = $(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),$(if $(filter -j,$(MAKEFLAGS)),0,1))
$(INDEX): $(BENCH) $(BIN)/qa-filter | $(S)
	$(BIN)/qa-filter --threads $(jobs) $(decontam) < /dev/null 2> $(S)/decontam.log

$(S):
	mkdir -p $@
