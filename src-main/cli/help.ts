/** The usage text of `riskatlas --help` (and of a usage error), commands in the order of the census workflow. */
export const HELP = `riskatlas — 自然灾害综合风险普查评估与区划 (natural-hazard risk census, assessment and zoning)

Usage:
  riskatlas demo --out <dir>                 run the bundled demo county (黄河示范县)
  riskatlas run <model.json> --out <dir>     run a model document
         [--allow-large-grid]                run a grid of more than 400,000,000 cells knowingly
  riskatlas run <folder> [--out <dir>]       run every model document in a folder (one county each; default --out <folder>/riskatlas_out)
  riskatlas run <project> --out <dir>        run a project's model (its .riskatlas file or the folder holding it)
  riskatlas new <dir> --boundary <file> [--name <name>] [--code <行政区划代码>] [--crs auto|EPSG:<n>] [--cell <metres>]
         [--hazards <ids,…>] [--layers <file>…] [--model <model.json>] [--json]
                                             a new project in <dir>: the boundary and layers imported, the analysis CRS
                                             suggested (CGCS2000 3° Gauss-Krüger zone; UTM outside China) or checked,
                                             the census templates of --hazards (earthquake, geological, flood,
                                             forestFire, meteorological, drought) bound to the layers; prints the CRS,
                                             the grid size, the bound slots and the open ones (--model: use that
                                             model document, its layers named by the imported layers' ids)
  riskatlas export <model.json|project> --out <dir> [--maps riskGrade,zoning,hazardRisk,hazard,exposure]
         [--paper A3] [--orientation landscape] [--dpi 300] [--layout layout.json] [--atlas]
                                             run (or take the project's last run) and write the deliverable package
                                             (GeoTIFFs, zoning, statistics CSV/XLSX,
                                             QC report, map sheets PDF/PNG, provenance, 说明.txt)
  riskatlas inspect <file> [--json] [--crs EPSG:4490] [--encoding gbk]
                                             describe a GeoTIFF, shapefile (.shp/.zip), GeoJSON, GeoPackage or CSV:
                                             its CRS and how it was identified (declared, matched, or unknown with
                                             candidates to state with --crs), the datum shift, a shapefile's text
                                             encoding and what it rests on (.cpg, language-driver byte, content)
  riskatlas qc <model.json|folder|file> [--out <dir>] [--year <n>] [--crs EPSG:…] [--encoding …]
                                             check a model's input layers, every layer file in a folder, or one
                                             layer file (--crs/--encoding state what it lacks);
                                             --out writes qc_report.csv/.json/.html (exit 1 when errors exist)
  riskatlas rollup <folder> --out <dir> [--level province|city] [--grades keep|rederive]
         [--crs EPSG:4546] [--cell-size <m>] [--name <名称>] [--regions regions.csv] [--dpi 300]
                                             roll county results (run folders, projects) up into a province's or
                                             each city's mosaic, statistics, map sheets and seam report
  riskatlas queue <folder> --redis <url> [--out <dir>] [--rollup province|city|none] [--grades keep|rederive]
         [--crs EPSG:n] [--cell-size <m>] [--name <名称>] [--queue riskatlas] [--wait]
                                             queue one job per county (and the roll-up) on Redis for workers
  riskatlas queue --status --redis <url> [<folder>]
                                             the counties done, running and failed of each batch in the queue
  riskatlas worker --redis <url> [--queue riskatlas] [--concurrency 1] [--lock-seconds 30]
                                             run queued jobs (on every machine that sees the shared folders)
  riskatlas serve [--port <n>] [--demo] [--workspace <dir>] [--log <dir>]
                                             serve the app on http://127.0.0.1 (prints the URL); projects are
                                             created, listed and opened by name in the workspace folder
                                             (default: RISKATLAS_WORKSPACE, else RiskAtlas in your documents);
                                             logs go to the user's data folder (the desktop app's), or to --log
  riskatlas serve --model <model.json>       serve it with a model document opened as a new project
                                             (its layers copied into the workspace, as --demo does)
  riskatlas serve --review <package|project> open a delivered package folder or a .riskatlas project read-only
                                             for review: comments and approve/return are kept in it
  riskatlas --version | --help

Exit codes: 0 success, 1 bad input (one line on stderr), 2 usage error.
Messages are in Chinese when LANG starts with zh (or RISKATLAS_LANG=zh).`;
