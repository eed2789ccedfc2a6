// The shop page's browser script (plain JavaScript, inlined into the page with a CSP nonce).
// It tells the lesson's two bucket settings apart by what the browser itself sees:
//   - the presigned PUT (or a later GET) rejects with a TypeError → the browser blocked it: CORS
//     (after asking the page's server that the endpoint is up and the bucket exists);
//   - the unsigned GET of the photo just uploaded answers 403 → the bucket policy;
//   - no processed copy before the deadline → the trigger or the function (step 6).
// The page's state is mirrored in #app's data-state / data-problem for people and tests alike.
export const PAGE_SCRIPT = String.raw`
(() => {
  const config = JSON.parse(document.getElementById('shop-config').textContent);
  const T = config.texts;
  const $ = (id) => document.getElementById(id);
  const app = $('app');
  const fill = (text, values = {}) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  const status = (text) => { $('status').textContent = text; };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const xmlField = (xml, name) => { const m = new RegExp('<' + name + '>([^<]*)</' + name + '>').exec(xml); return m ? m[1] : ''; };

  function setState(state, problem) {
    app.dataset.state = state;
    if (problem) app.dataset.problem = problem; else delete app.dataset.problem;
  }

  function showProblem(kind, title, text, fixes) {
    setState('failed', kind);
    $('problem-title').textContent = title;
    $('problem-text').textContent = text;
    const list = $('problem-fixes');
    list.replaceChildren();
    for (const command of fixes) {
      const pre = document.createElement('pre');
      pre.textContent = command;
      list.append(pre);
    }
    $('problem-fix-block').hidden = fixes.length === 0;
    $('problem').hidden = false;
    status('');
  }

  async function serverStatus() {
    try {
      const response = await fetch('/api/status', { cache: 'no-store' });
      return await response.json();
    } catch (error) {
      return { page: 'down', message: String(error && error.message ? error.message : error) };
    }
  }

  // A fetch that rejects was blocked by the browser (CORS) or never reached the endpoint: the
  // page's own server, which talks to the endpoint directly, says which.
  async function explainRejectedFetch(what) {
    const s = await serverStatus();
    if (s.page === 'down') return showProblem('page', T.problemPageTitle, fill(T.problemPage, { message: s.message }), []);
    if (s.endpoint !== 'ok') return showProblem('endpoint', T.problemEndpointTitle, fill(T.problemEndpoint, { endpoint: config.endpoint }), config.fixes.endpoint);
    if (s.bucket === 'missing') return showProblem('bucket', T.problemBucketTitle, fill(T.problemBucket, { bucket: config.bucket, endpoint: config.endpoint }), config.fixes.bucket);
    const text = what === 'put' ? T.problemCorsPut : T.problemCorsGet;
    return showProblem('cors', T.problemCorsTitle, fill(text, { origin: location.origin }), config.fixes.cors);
  }

  async function asJpeg(file) {
    if (file.type === 'image/jpeg') return file;
    status(T.converting);
    const bitmap = await createImageBitmap(file);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d').drawImage(bitmap, 0, 0);
    return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('not an image'))), 'image/jpeg', 0.9));
  }

  function loaded(img) {
    return new Promise((resolve, reject) => {
      if (img.complete && img.naturalWidth > 0) return resolve(img);
      img.onload = () => resolve(img);
      img.onerror = () => reject(new Error('image did not load: ' + img.src));
    });
  }

  async function attempt(file) {
    let photo;
    try {
      photo = await asJpeg(file);
    } catch {
      return showProblem('not-image', T.problemNotImageTitle, fill(T.problemNotImage, { name: file.name }), []);
    }
    let plan;
    try {
      const response = await fetch('/api/uploads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: file.name }) });
      if (!response.ok) throw new Error('HTTP ' + response.status + ': ' + (await response.text()));
      plan = await response.json();
    } catch (error) {
      return showProblem('page', T.problemPageTitle, fill(T.problemPage, { message: error.message }), []);
    }

    status(fill(T.uploading, { key: plan.key, bucket: config.bucket }));
    let put;
    try {
      put = await fetch(plan.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: photo });
    } catch {
      return explainRejectedFetch('put');
    }
    if (!put.ok) {
      const body = await put.text();
      return showProblem('upload', T.problemUploadTitle, fill(T.problemUpload, { status: put.status, code: xmlField(body, 'Code'), message: xmlField(body, 'Message') || body.slice(0, 200) }), []);
    }
    const uploadedAt = performance.now();

    status(T.readingBack);
    let original;
    try {
      original = await fetch(plan.originalUrl, { cache: 'no-store' });
    } catch {
      return explainRejectedFetch('get');
    }
    if (!original.ok) {
      const body = await original.text();
      return showProblem('policy', T.problemPolicyTitle, fill(T.problemPolicy, { status: original.status, code: xmlField(body, 'Code') || original.statusText }), config.fixes.policy);
    }
    const originalImg = $('original-img');
    originalImg.src = URL.createObjectURL(await original.blob());

    setState('waiting');
    const deadline = uploadedAt + config.deadlineMs;
    for (;;) {
      status(fill(T.waiting, { processed: plan.processedKey, seconds: Math.round((performance.now() - uploadedAt) / 1000) }));
      let response;
      try {
        response = await fetch(plan.processedUrl, { cache: 'no-store' });
      } catch {
        return explainRejectedFetch('get');
      }
      if (response.ok) break;
      await response.body?.cancel();
      if (performance.now() > deadline) {
        return showProblem('trigger', T.problemTriggerTitle, fill(T.problemTrigger, { processed: plan.processedKey, seconds: Math.round(config.deadlineMs / 1000) }), config.fixes.trigger);
      }
      await sleep(1000);
    }
    const seconds = ((performance.now() - uploadedAt) / 1000).toFixed(1);
    const processedImg = $('processed-img');
    // By its public URL, as a shop visitor's browser loads it.
    processedImg.src = plan.processedUrl;
    await Promise.all([loaded(originalImg), loaded(processedImg)]);
    $('processed-link').href = plan.processedUrl;
    $('processed-caption').textContent = plan.processedKey + ' — ' + processedImg.naturalWidth + '×' + processedImg.naturalHeight;
    $('original-caption').textContent = plan.key + ' — ' + originalImg.naturalWidth + '×' + originalImg.naturalHeight;
    $('result').hidden = false;
    status(fill(T.done, { width: processedImg.naturalWidth, height: processedImg.naturalHeight, originalWidth: originalImg.naturalWidth, originalHeight: originalImg.naturalHeight, seconds }));
    setState('done');
  }

  $('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('file').files[0];
    if (!file) return status(T.noFile);
    $('upload').disabled = true;
    $('problem').hidden = true;
    $('result').hidden = true;
    setState('uploading');
    try {
      await attempt(file);
    } catch (error) {
      showProblem('page', T.problemPageTitle, fill(T.problemPage, { message: error && error.message ? error.message : String(error) }), []);
    } finally {
      $('upload').disabled = false;
    }
  });
  setState('ready');
})();
`;
