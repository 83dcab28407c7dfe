// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: job control: JOB_STOP/JOB_GET of the jobs a SEND starts, the JOB_GET
 * dump, the final-state bookkeeping.
 */
#include "nlfuzz.h"

static void record_stopped(struct fz *f, uint32_t id, uint8_t state)
{
	unsigned int i;

	for (i = 0; i < f->n_stopped; i++) {
		if (f->stopped[i].id == id) {
			f->stopped[i].state = state;
			return;
		}
	}
	if (f->n_stopped < MAX_STOPPED) {
		f->stopped[f->n_stopped].id = id;
		f->stopped[f->n_stopped].state = state;
		f->n_stopped++;
	}
}

static const char *state_name(int s)
{
	switch (s) {
	case SOCKCTL_JOB_RUNNING: return "RUNNING";
	case SOCKCTL_JOB_DONE: return "DONE";
	case SOCKCTL_JOB_STOPPED: return "STOPPED";
	case SOCKCTL_JOB_FAILED: return "FAILED";
	}
	return "?";
}

/* JOB_STOP: must answer with the job no longer running. */
int stop_job(struct fz *f, uint32_t id, uint8_t *state)
{
	struct req r = { .cmd = SOCKCTL_CMD_JOB_STOP, .flags = NLM_F_REQUEST | NLM_F_ACK };
	struct expect e;
	int ret;

	r.root = an_new(0, true);
	an_add(r.root, an_u32(SOCKCTL_A_JOB_ID, id));
	ret = aux_req(f, &r, &e);
	an_free(r.root);
	if (ret == 0) {
		if (e.job_reply_id != id)
			fail(f, "JOB_STOP %u replied with job %u", id, e.job_reply_id);
		if (e.job_state == SOCKCTL_JOB_RUNNING)
			fail(f, "JOB_STOP %u replied with the job still RUNNING", id);
		else
			record_stopped(f, id, e.job_state);
		if (state)
			*state = e.job_state;
	}
	return ret;
}

/*
 * -P: after each job SEND started and we stopped, no job should run: a
 * new one must start.  If not, the module lost count of its jobs.
 */
static void probe_jobs(struct fz *f, uint32_t id, uint8_t state)
{
	uint32_t pid = 0;
	int ret;

	ret = start_job(f, tl(dev0(), an_nest(SOCKCTL_A_IPV4,
					      an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
			      an_u32(SOCKCTL_A_COUNT, 1000000), an_u32(SOCKCTL_A_RATE_PPS, 10),
			      an_flag(SOCKCTL_A_BACKGROUND), NULL), &pid);
	if (ret == -EBUSY && !f->ebusy_reported) {
		fail(f, "after job %u ended (JOB_STOP said %s) no job can start (EBUSY) while %d run: "
		     "the module lost count of its running jobs", id, state_name(state), running_jobs(f));
		f->ebusy_reported = true;
	}
	if (!ret)
		stop_job(f, pid, NULL);
}

/* JOB_GET of one job: 0 and its state, or the error. */
static int get_job(struct fz *f, uint32_t id, uint8_t *state)
{
	struct req r = { .cmd = SOCKCTL_CMD_JOB_GET, .flags = NLM_F_REQUEST | NLM_F_ACK };
	struct expect e;
	int ret;

	r.root = an_new(0, true);
	an_add(r.root, an_u32(SOCKCTL_A_JOB_ID, id));
	ret = aux_req(f, &r, &e);
	an_free(r.root);
	*state = e.job_state;
	return ret;
}

/*
 * Stop a job SEND just started, as a client that changed its mind would;
 * then see that the state JOB_STOP reported is final.
 */
void stop_job_aux(struct fz *f, uint32_t id)
{
	uint8_t s1 = 0, s2 = 0;
	int ret = stop_job(f, id, &s1);

	if (ret && ret != -ENOENT) {
		fail(f, "JOB_STOP of job %u that SEND just started: %s", id,
		     ret > 0 ? "no reply" : errname(-ret));
		return;
	}
	if (ret)
		return;
	usleep(2000);
	if (!get_job(f, id, &s2) && s2 != s1) {
		fail(f, "job %u: JOB_STOP replied %s, JOB_GET then says %s: the job finished twice",
		     id, state_name(s1), state_name(s2));
		record_stopped(f, id, s2);
	}
	if (opt_probe)
		probe_jobs(f, id, s1);
}

struct jobs_ctx {
	struct jobinfo *jobs;
	int n, max;
};

static void job_entry(struct fz *f, const struct nlmsghdr *r, void *arg)
{
	struct jobs_ctx *c = arg;
	const struct nlattr *a, *b;

	(void)f;
	mnl_attr_for_each(a, r, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != SOCKCTL_A_JOB || c->n >= c->max)
			continue;
		memset(&c->jobs[c->n], 0, sizeof(c->jobs[c->n]));
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_get_type(b) == SOCKCTL_A_JOB_JOB_ID)
				c->jobs[c->n].id = mnl_attr_get_u32(b);
			if (mnl_attr_get_type(b) == SOCKCTL_A_JOB_STATE)
				c->jobs[c->n].state = mnl_attr_get_u8(b);
		}
		c->n++;
	}
}

static int dump_jobs(struct fz *f, struct jobinfo *jobs, int max)
{
	struct jobs_ctx c = { .jobs = jobs, .max = max };
	int err = dump_request(f, SOCKCTL_CMD_JOB_GET, job_entry, &c);

	return err ? err : c.n;
}

/* Finished jobs keep their final state; report those that changed. */
int check_stopped_states(struct fz *f)
{
	struct jobinfo jobs[64];
	int n, i, bad = 0;
	unsigned int j;

	n = dump_jobs(f, jobs, 64);
	if (n < 0) {
		fail(f, "JOB_GET dump failed: %s", errname(-n));
		return -1;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < f->n_stopped; j++) {
			if (f->stopped[j].id != jobs[i].id)
				continue;
			if (f->stopped[j].state != jobs[i].state) {
				fail(f, "job %u: JOB_STOP replied %s, JOB_GET now says %s "
				     "(the job finished twice)", jobs[i].id,
				     state_name(f->stopped[j].state), state_name(jobs[i].state));
				f->stopped[j].state = jobs[i].state;
				bad++;
			}
		}
	}
	return bad;
}

int stop_all_jobs(struct fz *f, int *n_running)
{
	struct jobinfo jobs[64];
	int n, i, running = 0;

	n = dump_jobs(f, jobs, 64);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (jobs[i].state == SOCKCTL_JOB_RUNNING) {
			running++;
			stop_job(f, jobs[i].id, NULL);
		}
	}
	if (n_running)
		*n_running = running;
	return 0;
}

struct an *job_desc(uint32_t count, uint32_t size, int kind)
{
	struct an *r;

	if (kind == 0)
		r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		       an_nest(SOCKCTL_A_UDP, NULL), payload((int)size, 0), NULL);
	else
		r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			       an_ip4(SOCKCTL_A_IPV4_DADDR, kind == 1 ? "10.99.0.1" : "10.98.0.2"), NULL),
		       an_nest(SOCKCTL_A_UDP, NULL), payload((int)size, 0), NULL);
	an_add(r, an_u32(SOCKCTL_A_COUNT, count));
	return r;
}

/* Start a job; 0 and its id, or the error. */
int start_job(struct fz *f, struct an *root, uint32_t *id)
{
	struct req r = { .cmd = SOCKCTL_CMD_SEND, .flags = NLM_F_REQUEST | NLM_F_ACK, .root = root };
	struct expect e;
	int ret;

	ret = aux_req(f, &r, &e);
	an_free(root);
	*id = e.job_id;
	if (ret == 0 && !e.job_id)
		return -ENODATA;
	return ret;
}

int running_jobs(struct fz *f)
{
	struct jobinfo jobs[64];
	int n, i, running = 0;

	n = dump_jobs(f, jobs, 64);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		running += jobs[i].state == SOCKCTL_JOB_RUNNING;
	return running;
}

void wait_no_running(struct fz *f)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (running_jobs(f) <= 0)
			return;
		usleep(50000);
	}
	stop_all_jobs(f, NULL);
}
