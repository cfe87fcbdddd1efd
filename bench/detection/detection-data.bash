# Sourced by the bench/detection scripts (from the repository root): the Fashion-MNIST small-objects detection data
# (bench/detection/make_fmnist_detection.py) as a YOLO folder and as an ingested augflow dataset, made once.
#
#   detection_data ROWS   prints "YOLO_FOLDER DATASET"; ROWS = train images (6000: the ablation's full data in
#                         bench/tmp/fmnist-det{,-ds}; fewer: bench/tmp/fmnist-det-rROWS{,-ds}, 50 val and 50 test
#                         images). Generation and ingest logs go to stderr.

detection_data() {
  local rows="$1" yolo ds
  if [[ "$rows" == 6000 ]]; then
    yolo="bench/tmp/fmnist-det"
    ds="bench/tmp/fmnist-det-ds"
  else
    yolo="bench/tmp/fmnist-det-r$rows"
    ds="bench/tmp/fmnist-det-r$rows-ds"
  fi
  if [[ ! -f "$yolo/stats.json" ]]; then
    if [[ "$rows" == 6000 ]]; then
      /usr/bin/python3 bench/detection/make_fmnist_detection.py -o "$yolo" --overwrite >&2
    else
      /usr/bin/python3 bench/detection/make_fmnist_detection.py -o "$yolo" --train "$rows" --val 50 --test 50 \
          --overwrite >&2
    fi
  fi
  if [[ ! -f "$ds/_SUCCESS" ]]; then
    bin/augflow ingest -i "$yolo" -o "$ds" --overwrite > "$ds.ingest.log" 2>&1 \
      || { tail -20 "$ds.ingest.log" >&2; return 1; }
  fi
  echo "$yolo $ds"
}
