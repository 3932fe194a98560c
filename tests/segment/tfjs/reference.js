#!/usr/bin/env node
// Reference for tst_tfjs_parity: runs an original TF.js graph model (model.json + weight
// shards read from disk, no network) with the pure-JS CPU backend and writes one node's
// output as raw little-endian float32, NHWC. It implements the converted module's input
// contract independently: RGB in [0,1] -> x * scale, pad bottom/right to a multiple
// (replicate or zero), run, crop to ceil(H/stride) x ceil(W/stride).
//
// Usage: node reference.js --modules DIR --model FILE.json --input RGB.f32 --height H --width W
//          --node NAME --output OUT.f32 [--scale 255] [--pad-multiple 32] [--pad-mode replicate]
//          [--stride 8] [--probe-size 512] [--pad-extra 0]
// Layers models (Keras model_config, e.g. nsfwjs) need @tensorflow/tfjs-layers in --modules;
// --node then names a layer.
// RGB.f32: float32 HWC, values in [0,1]. Prints {"shape":[1,h,w,c],"ms":...} on stdout.
//
// Graph models exported at a fixed size constant-fold the output size of their resize
// ops (Keras UpSampling2D becomes ResizeBilinear(x, [32, 32]) at 512x512). To run such a
// graph at another size, the integer constants feeding ResizeBilinear/ResizeNearestNeighbor
// are rescaled by (padded input size / --probe-size), which is what the unfolded graph
// computed from the input shape. The input placeholder's declared 512x512 is freed likewise.
'use strict';
const fs = require('fs');
const path = require('path');
const {createRequire} = require('module');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error('bad argument ' + argv[i]);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
for (const key of ['modules', 'model', 'input', 'height', 'width', 'node', 'output']) {
  if (!(key in args)) throw new Error('missing --' + key);
}
const req = createRequire(path.join(path.resolve(args.modules), 'index.js'));
const tf = req('@tensorflow/tfjs-core');
req('@tensorflow/tfjs-backend-cpu');
const tfconv = req('@tensorflow/tfjs-converter');

const height = parseInt(args.height, 10);
const width = parseInt(args.width, 10);
const scale = parseFloat(args.scale || '255');
const multiple = parseInt(args['pad-multiple'] || '32', 10);
const padMode = args['pad-mode'] || 'replicate';
const stride = parseInt(args.stride || '8', 10);
const probeSize = parseInt(args['probe-size'] || '512', 10);
const padExtra = parseInt(args['pad-extra'] || '0', 10);
const paddedH = Math.ceil(height / multiple) * multiple + padExtra;
const paddedW = Math.ceil(width / multiple) * multiple + padExtra;

// Byte size of one weight as stored (quantised weights use their quantised dtype).
function storedBytes(spec) {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization ? spec.quantization.dtype : spec.dtype;
  const sizes = {float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1, bool: 1};
  if (!(dtype in sizes)) throw new Error('unsupported stored dtype ' + dtype);
  return n * sizes[dtype];
}

// IOHandler reading model.json and its weight shards from disk.
function diskHandler(modelPath) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
      const dir = path.dirname(modelPath);
      const specs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
        specs.push(...group.weights);
      }
      let data = Buffer.concat(buffers);
      if (json.modelTopology.model_config) {
        // Layers model: keep only the tapped layer's ancestors (the classifier head cannot be
        // built once H and W are free) and their weights.
        const cfg = json.modelTopology.model_config.config;
        const byName = new Map(cfg.layers.map((l) => [l.name, l]));
        const keep = new Set();
        const stack = [args.node];
        while (stack.length) {
          const name = stack.pop();
          if (keep.has(name)) continue;
          if (!byName.has(name)) throw new Error('no layer ' + name);
          keep.add(name);
          for (const call of byName.get(name).inbound_nodes) for (const i of call) stack.push(i[0]);
        }
        cfg.layers = cfg.layers.filter((l) => keep.has(l.name));
        cfg.output_layers = [[args.node, 0, 0]];
        const kept = [];
        const parts = [];
        let at = 0;
        for (const spec of specs) {
          const size = storedBytes(spec);
          if (keep.has(spec.name.split('/')[0])) {
            kept.push(spec);
            parts.push(data.subarray(at, at + size));
          }
          at += size;
        }
        specs.length = 0;
        specs.push(...kept);
        data = Buffer.concat(parts);
      }
      // Rescale folded resize sizes (int32, unquantised) to the padded input size.
      // Layers models: free the input layer's declared H and W the same way.
      const config = json.modelTopology.model_config;
      for (const layer of (config && config.config.layers) || []) {
        if (layer.class_name === 'InputLayer' && layer.config.batch_input_shape) {
          layer.config.batch_input_shape[1] = null;
          layer.config.batch_input_shape[2] = null;
        }
      }
      const resizeSizes = new Set();
      for (const node of json.modelTopology.node || []) {
        // The input's declared static size would reject other sizes: free H and W.
        const dims = node.op === 'Placeholder' && node.attr && node.attr.shape &&
            node.attr.shape.shape && node.attr.shape.shape.dim;
        if (dims && dims.length === 4) {
          dims[1].size = '-1';
          dims[2].size = '-1';
        }
        if (node.op === 'ResizeBilinear' || node.op === 'ResizeNearestNeighbor') {
          resizeSizes.add(node.input[1].split(':')[0]);
        }
      }
      let offset = 0;
      for (const spec of specs) {
        if (resizeSizes.has(spec.name) && spec.dtype === 'int32' && !spec.quantization) {
          const view = new Int32Array(data.buffer, data.byteOffset + offset, 2);
          view[0] = Math.round(view[0] * paddedH / probeSize);
          view[1] = Math.round(view[1] * paddedW / probeSize);
        }
        offset += storedBytes(spec);
      }
      const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs,
        weightData,
      };
    },
  };
}

// [0,1] HWC RGB -> padded, scaled [1,paddedH,paddedW,3].
function prepareInput() {
  const raw = fs.readFileSync(args.input);
  if (raw.byteLength !== height * width * 3 * 4) {
    throw new Error(`${args.input}: expected ${height * width * 3 * 4} bytes, got ${raw.byteLength}`);
  }
  const src = new Float32Array(raw.buffer, raw.byteOffset, height * width * 3);
  const dst = new Float32Array(paddedH * paddedW * 3);
  for (let y = 0; y < paddedH; ++y) {
    for (let x = 0; x < paddedW; ++x) {
      const inside = y < height && x < width;
      if (!inside && padMode === 'zero') continue;
      const sy = Math.min(y, height - 1);
      const sx = Math.min(x, width - 1);
      for (let c = 0; c < 3; ++c) {
        dst[(y * paddedW + x) * 3 + c] = Math.fround(src[(sy * width + sx) * 3 + c] * scale);
      }
    }
  }
  return tf.tensor4d(dst, [1, paddedH, paddedW, 3], 'float32');
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  const modelPath = path.resolve(args.model);
  const isLayers = 'model_config' in JSON.parse(fs.readFileSync(modelPath, 'utf8')).modelTopology;
  let run;
  if (isLayers) {
    const tfl = req('@tensorflow/tfjs-layers');
    const model = await tfl.loadLayersModel(diskHandler(modelPath));
    const tapped = tfl.model({inputs: model.inputs, outputs: model.getLayer(args.node).output});
    run = (x) => tapped.predict(x);
  } else {
    const model = await tfconv.loadGraphModel(diskHandler(modelPath));
    run = (x) => model.execute(x, args.node);
  }
  const input = prepareInput();
  const start = Date.now();
  const full = run(input);
  const ms = Date.now() - start;
  const h = Math.ceil(height / stride);
  const w = Math.ceil(width / stride);
  const out = tf.slice(full, [0, 0, 0, 0], [1, h, w, full.shape[3]]);
  const values = out.dataSync();
  fs.writeFileSync(args.output, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  process.stdout.write(JSON.stringify({shape: out.shape, fullShape: full.shape, ms}) + '\n');
}

main().catch((err) => {
  process.stderr.write('reference.js: ' + (err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
